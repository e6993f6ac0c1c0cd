// IST0118 quick fixes: a Service port whose name gives no protocol is renamed to `<protocol>-<name>`, named
// when it has no name, or given an appProtocol; each applied fix leaves the Service free of IST0118.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-types';
import { YamlFile } from '../../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { CROSS_RESOURCE_ANALYZERS } from '../../server/src/analysis/crossResourceAnalyzers.ts';
import { findingToDiagnostic } from '../../server/src/ide/diagnostics.ts';
import { codeActionsFor } from '../../server/src/ide/codeActions.ts';

const TEXT = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: web
    port: 8443
  - port: 9080
  - name: http-web
    port: 80
`;

function analyze(text: string) {
  const file = new YamlFile('file:///svc.yaml', text);
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  engine.setFile(file.uri, file.resources, file.text);
  const findings = (engine.run().findings.get(file.uri) ?? []).filter((f) => f.code === 'IST0118');
  return { file, engine, diagnostics: findings.map((f) => findingToDiagnostic(file, f, () => undefined)) };
}

function apply(text: string, file: YamlFile, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => file.offsetAt(b.range.start) - file.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, file.offsetAt(edit.range.start)) + edit.newText + out.slice(file.offsetAt(edit.range.end));
  return out;
}

function fixesFor(portLine: string) {
  const { file, engine, diagnostics } = analyze(TEXT);
  const line = TEXT.split('\n').indexOf(portLine);
  const diagnostic = diagnostics.find((d) => d.range.start.line === line);
  assert.ok(diagnostic, `no IST0118 on "${portLine}": ${diagnostics.map((d) => d.range.start.line).join(', ')}`);
  return { file, actions: codeActionsFor(file, diagnostic.range, [diagnostic], engine.index) };
}

test('IST0118 fix: rename a port after its likely protocols, or add appProtocol', () => {
  const { file, actions } = fixesFor('  - name: web');
  // "http-web" is taken by another port of the Service, so the http rename falls back to plain "http".
  assert.deepEqual(actions.map((a) => a.title), ['Rename port "web" to "http"', 'Rename port "web" to "https-web"', 'Rename port "web" to "tcp-web"', 'Add appProtocol: http']);
  assert.equal(actions.filter((a) => a.isPreferred).length, 1);
  const renamed = apply(TEXT, file, actions[1]!.edit!.changes![file.uri]!);
  assert.match(renamed, /  - name: https-web\n    port: 8443\n/);
  const withAppProtocol = apply(TEXT, file, actions[3]!.edit!.changes![file.uri]!);
  assert.match(withAppProtocol, /  - name: web\n    port: 8443\n    appProtocol: http\n  - port: 9080/);
  for (const fixed of [renamed, withAppProtocol]) {
    assert.ok(!analyze(fixed).diagnostics.some((d) => d.range.start.line === 9), fixed);
  }
});

test('IST0118 fix: an unnamed port gets a protocol name', () => {
  const { file, actions } = fixesFor('  - port: 9080');
  assert.deepEqual(actions.map((a) => a.title), ['Name the port "http"', 'Name the port "tcp"', 'Add appProtocol: http']);
  const fixed = apply(TEXT, file, actions[0]!.edit!.changes![file.uri]!);
  assert.match(fixed, /  - port: 9080\n    name: http\n  - name: http-web/);
  assert.equal(analyze(fixed).diagnostics.length, 1, 'only the port named "web" is left');
});

test('IST0118 fix: names stay valid Kubernetes port names (15 characters at most)', () => {
  const text = TEXT.replace('  - name: web\n', '  - name: frontend-server\n');
  const { file, engine, diagnostics } = analyze(text);
  const diagnostic = diagnostics.find((d) => d.range.start.line === 9)!;
  const titles = codeActionsFor(file, diagnostic.range, [diagnostic], engine.index).map((a) => a.title);
  assert.ok(titles.includes('Rename port "frontend-server" to "http-frontend-s"'), titles.join(', '));
});
