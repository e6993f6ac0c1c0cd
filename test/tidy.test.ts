// Meta checks that keep the project's conventions honest: catalogue and docs, analyzers and fixtures,
// package.json contributions, import rules between layers, purpose comments, and no fixed sleeps in tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUE } from '../server/src/analysis/catalogue.ts';
import { ANALYZERS } from '../server/src/analysis/registry.ts';
import { renderDiagnosticsDoc } from '../scripts/docs.ts';
import { expectedFindings, fixtureFiles, repoRoot } from './helpers/fixtures.ts';

const root = repoRoot();
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

function sourceFiles(folder: string, extensions = ['.ts', '.mjs']): string[] {
  const full = path.join(root, folder);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true })
    .map(String)
    .filter((name) => extensions.some((ext) => name.endsWith(ext)) && !name.endsWith('.d.ts') && !name.includes('node_modules'))
    .map((name) => path.join(folder, name));
}

test('catalogue: codes unique, sorted, documented, and docs/diagnostics.md is current', () => {
  const codes = CATALOGUE.map((entry) => entry.code);
  assert.equal(new Set(codes).size, codes.length, 'duplicate codes');
  assert.deepEqual(codes, [...codes].sort(), 'catalogue must be sorted by code');
  for (const entry of CATALOGUE) {
    assert.match(entry.code, /^(MW|IST)\d{4}$/, entry.code);
    assert.ok(entry.title.length > 5 && entry.docs.length > 20, `${entry.code} needs a title and docs`);
  }
  assert.equal(read('docs/diagnostics.md'), renderDiagnosticsDoc(), 'docs/diagnostics.md is stale: run npm run docs');
});

test('analyzers: registered once each, described, with declared inputs and known codes', () => {
  const names = ANALYZERS.map((analyzer) => analyzer.name);
  assert.equal(new Set(names).size, names.length, 'duplicate analyzer names');
  const known = new Set(CATALOGUE.map((entry) => entry.code));
  for (const analyzer of ANALYZERS) {
    assert.ok(analyzer.description.length > 10, `${analyzer.name}: description`);
    assert.ok(analyzer.inputs.length > 0, `${analyzer.name}: inputs`);
    assert.ok(analyzer.codes.length > 0, `${analyzer.name}: codes`);
    for (const code of analyzer.codes) assert.ok(known.has(code), `${analyzer.name}: ${code} is not in the catalogue`);
  }
  // Every analyzer file is in the registry (one analyzer per file).
  // registry.ts may spread lists kept in sibling modules (crossResourceAnalyzers.ts, webhookAnalyzers.ts).
  const registryText = read('server/src/analysis/registry.ts');
  const lists = [...registryText.matchAll(/from '\.\/(\w+Analyzers)\.ts'/g)].map((m) => read(`server/src/analysis/${m[1]}.ts`));
  const registry = [registryText, ...lists].join('\n');
  for (const file of sourceFiles('server/src/analysis/analyzers')) {
    const relative = path.relative('server/src/analysis', file).replace(/\\/g, '/').replace(/\.ts$/, '');
    assert.ok(registry.includes(relative), `${file} is not imported by registry.ts`);
  }
});

test('every active code has a positive and a negative fixture', () => {
  const fixtures = fixtureFiles(path.join(root, 'test', 'fixtures'));
  const positive = new Map<string, string[]>();
  for (const file of fixtures) {
    for (const finding of expectedFindings(readFileSync(file, 'utf8'))) {
      const list = positive.get(finding.code) ?? [];
      list.push(file);
      positive.set(finding.code, list);
    }
  }
  const byFolder = new Map<string, string[]>();
  for (const file of fixtures) byFolder.set(path.dirname(file), [...(byFolder.get(path.dirname(file)) ?? []), file]);
  const missing: string[] = [];
  for (const entry of CATALOGUE) {
    if (entry.retired || entry.code === 'MW0002') continue; // MW0002 needs a >16 MiB file: covered in test/lsp
    const files = positive.get(entry.code);
    if (!files) {
      missing.push(`${entry.code}: no positive fixture`);
      continue;
    }
    const folders = new Set(files.map((file) => path.dirname(file)));
    const hasNegative = [...folders].some((folder) =>
      (byFolder.get(folder) ?? []).some((file) => !expectedFindings(readFileSync(file, 'utf8')).some((f) => f.code === entry.code)),
    );
    if (!hasNegative) missing.push(`${entry.code}: no negative fixture beside ${[...folders].join(', ')}`);
  }
  assert.deepEqual(missing, []);
});

test('package.json: every command and setting is registered and documented', () => {
  const manifest = JSON.parse(read('package.json'));
  const client = sourceFiles('client/src').map(read).join('\n');
  const docs = [read('README.md'), ...sourceFiles('docs', ['.md']).map(read)].join('\n');
  for (const command of manifest.contributes.commands as { command: string }[]) {
    assert.ok(client.includes(`'${command.command}'`), `${command.command} is not registered in client/src`);
    assert.ok(docs.includes(command.command), `${command.command} is not documented (README.md or docs/)`);
  }
  const registered = [...client.matchAll(/registerCommand\(\s*'(meshwright\.[A-Za-z]+)'/g)].map((m) => m[1]);
  const declared = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
  for (const command of registered) assert.ok(declared.has(command!), `${command} is registered but not in package.json`);
  for (const setting of Object.keys(manifest.contributes.configuration.properties)) {
    assert.ok(docs.includes(setting), `setting ${setting} is not documented`);
  }
});

/** Import rules between layers (see ARCHITECTURE.md). */
const RULES: { folder: string; forbidden: RegExp[] }[] = [
  { folder: 'protocol', forbidden: [/^vscode$/, /^node:/, /\/(client|server|media)\//] },
  { folder: 'server/src/model', forbidden: [/^vscode/, /^node:/, /\/(schema|analysis|ide|lsp|cli)\//] },
  { folder: 'server/src/schema', forbidden: [/^vscode/, /^node:/, /\/(analysis|ide|lsp|cli)\//] },
  { folder: 'server/src/analysis', forbidden: [/^vscode/, /^node:/, /\/(ide|lsp|cli)\//] },
  { folder: 'server/src/ide', forbidden: [/^vscode$/, /^vscode-languageserver(\/|$)/, /^vscode-languageclient/, /^node:/, /\/(lsp|cli)\//] },
  { folder: 'server/src/lsp', forbidden: [/^vscode$/, /^vscode-languageclient/, /\/cli\//] },
  { folder: 'server/src/cli', forbidden: [/^vscode$/, /^vscode-languageclient/, /\/lsp\//] },
  { folder: 'kube', forbidden: [/^vscode/, /\/(ide|lsp)\//] },
  { folder: 'client/src', forbidden: [/\/server\/src\//, /\/media\//] },
  { folder: 'media/src', forbidden: [/^vscode/, /^node:/, /\/(client|server)\//] },
];

test('layers import only what the architecture allows', () => {
  const violations: string[] = [];
  for (const rule of RULES) {
    for (const file of sourceFiles(rule.folder)) {
      const text = read(file);
      for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const specifier = match[1] ?? match[2]!;
        const resolved = specifier.startsWith('.') ? '/' + path.relative(root, path.resolve(root, path.dirname(file), specifier)).replace(/\\/g, '/') : specifier;
        if (rule.forbidden.some((pattern) => pattern.test(resolved))) violations.push(`${file}: ${specifier}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('every source file starts with a purpose comment', () => {
  const folders = ['protocol', 'server/src', 'kube', 'client/src', 'media/src', 'scripts', 'bench', 'test'];
  const missing = folders
    .flatMap((folder) => sourceFiles(folder, ['.ts', '.mjs', '.js']))
    .filter((file) => !file.includes('fixtures'))
    .filter((file) => !/^(#![^\n]*\n)?\s*(\/\/|\/\*)/.test(read(file)));
  assert.deepEqual(missing, []);
});

test('end-to-end and LSP tests wait on conditions, never fixed sleeps', () => {
  const offenders = [...sourceFiles('test/e2e'), ...sourceFiles('test/lsp')].filter((file) =>
    /waitForTimeout\(|setTimeout\([^,]+,\s*\d{3,}\)|\bsleep\s+\d/.test(read(file)),
  );
  assert.deepEqual(offenders, []);
});

test('no skipped, todo or exclusive tests', () => {
  const offenders = sourceFiles('test')
    .filter((file) => file !== path.join('test', 'tidy.test.ts'))
    .filter((file) => /\b(it|test|describe)\.(skip|todo|only)\(|\bxit\(/.test(read(file)));
  assert.deepEqual(offenders, []);
});
