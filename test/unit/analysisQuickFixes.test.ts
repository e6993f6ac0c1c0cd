// Quick fixes and reference completion over analysis findings: closest-name replacement, creating the missing
// DestinationRule subset, adding a destination port, gateway references as namespace/name, and completion of
// subsets, hosts and gateways from the workspace index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { YamlFile, pathAt } from '../../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { CROSS_RESOURCE_ANALYZERS } from '../../server/src/analysis/crossResourceAnalyzers.ts';
import { findingToDiagnostic } from '../../server/src/ide/diagnostics.ts';
import { codeActionsFor } from '../../server/src/ide/codeActions.ts';
import { referenceCompletions } from '../../server/src/ide/referenceCompletion.ts';

const TEXT = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
spec:
  ports:
  - name: http
    port: 9080
  - name: grpc
    port: 9090
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
  gateways:
  - public.istio-system
  http:
  - route:
    - destination:
        host: reviewz
    - destination:
        host: reviews
        subset: v2
        port:
          number: 9080
    - destination:
        host: reviews
        port:
          number: 9080
`;

function setup() {
  const file = new YamlFile('file:///mesh.yaml', TEXT);
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  engine.setFile(file.uri, file.resources, file.text);
  const findings = engine.run().findings.get(file.uri) ?? [];
  const diagnostics = findings.map((f) => findingToDiagnostic(file, f, () => undefined));
  return { file, engine, diagnostics };
}

function apply(text: string, file: YamlFile, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => file.offsetAt(b.range.start) - file.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, file.offsetAt(edit.range.start)) + edit.newText + out.slice(file.offsetAt(edit.range.end));
  return out;
}

function actionsFor(diagnostic: Diagnostic) {
  const { file, engine } = setup();
  return { file, actions: codeActionsFor(file, diagnostic.range, [diagnostic], engine.index) };
}

test('quick fix: closest host, gateway as namespace/name', () => {
  const { diagnostics } = setup();
  const host = diagnostics.find((d) => d.code === 'IST0101' && String(d.message).includes('"reviewz"'))!;
  const { file, actions } = actionsFor(host);
  const change = actions.find((a) => a.title === 'Change to "reviews"')!;
  assert.ok(change, actions.map((a) => a.title).join(', '));
  assert.match(apply(TEXT, file, change.edit!.changes![file.uri]!), /host: reviews\n    - destination:\n        host: reviews\n        subset: v2/);
  const gateway = diagnostics.find((d) => d.code === 'MW0319')!;
  const fix = actionsFor(gateway).actions.find((a) => a.title === 'Change to "istio-system/public"');
  assert.ok(fix);
  assert.match(apply(TEXT, file, fix.edit!.changes![file.uri]!), /gateways:\n  - istio-system\/public\n/);
});

test('quick fix: create the missing subset in the DestinationRule', () => {
  const { diagnostics } = setup();
  const subset = diagnostics.find((d) => d.code === 'IST0101' && String(d.message).includes('reviews+v2'))!;
  const { file, actions } = actionsFor(subset);
  const create = actions.find((a) => a.title === 'Create subset "v2" in DestinationRule shop/reviews')!;
  assert.ok(create, actions.map((a) => a.title).join(', '));
  const fixed = apply(TEXT, file, create.edit!.changes![file.uri]!);
  assert.match(fixed, /  subsets:\n  - name: v1\n    labels:\n      version: v1\n  - name: v2\n    labels:\n      version: v2\n---/);
  // The fixed text analyzes clean for that subset.
  const after = new YamlFile(file.uri, fixed);
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  engine.setFile(after.uri, after.resources, after.text);
  assert.ok(!(engine.run().findings.get(after.uri) ?? []).some((f) => f.message.includes('reviews+v2')));
});

test('quick fix: add the missing destination port', () => {
  const file = new YamlFile('file:///mesh.yaml', TEXT.replace(/    - destination:\n        host: reviews\n        port:\n          number: 9080\n$/, '    - destination:\n        host: reviews\n'));
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  engine.setFile(file.uri, file.resources, file.text);
  const diagnostic = (engine.run().findings.get(file.uri) ?? []).filter((f) => f.code === 'IST0112').map((f) => findingToDiagnostic(file, f, () => undefined))[0]!;
  assert.ok(diagnostic);
  const actions = codeActionsFor(file, diagnostic.range, [diagnostic], engine.index);
  assert.deepEqual(actions.map((a) => a.title), ['Add destination port 9080', 'Add destination port 9090']);
  const fixed = apply(file.text, file, actions[0]!.edit!.changes![file.uri]!);
  assert.ok(fixed.endsWith('    - destination:\n        host: reviews\n        port:\n          number: 9080\n'), fixed.slice(-120));
});

test('reference completion: subsets, hosts and gateways', () => {
  const { file, engine } = setup();
  const vs = file.resources.find((r) => r.kind === 'VirtualService')!;
  const subsetOffset = TEXT.indexOf('subset: v2') + 'subset: '.length - vs.document.offset;
  const subsets = referenceCompletions(engine.index, vs, pathAt(vs.document.root, subsetOffset).path);
  assert.deepEqual(subsets.map((i) => i.label), ['v1']);
  const hostOffset = TEXT.indexOf('host: reviewz') + 'host: '.length - vs.document.offset;
  const hosts = referenceCompletions(engine.index, vs, pathAt(vs.document.root, hostOffset).path).map((i) => i.label);
  assert.ok(hosts.includes('reviews'));
  assert.ok(hosts.includes('istio-ingressgateway.istio-system.svc.cluster.local'));
  const gatewayOffset = TEXT.indexOf('public.istio-system') - vs.document.offset;
  const gateways = referenceCompletions(engine.index, vs, pathAt(vs.document.root, gatewayOffset).path).map((i) => i.label);
  assert.deepEqual(gateways.sort(), ['istio-system/public', 'mesh']);
});
