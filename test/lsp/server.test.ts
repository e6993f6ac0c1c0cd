// The built language server (dist/server.cjs) over stdio with a recording client: every diagnostics and
// analysis fixture, symbols, hover, completion, incremental edits, workspace indexing and size limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertMatchesFixture, expectedFindings, fixtureFiles, repoRoot } from '../helpers/fixtures.ts';
import { fileUri, startServer, type TestServer } from '../helpers/lspClient.ts';
import type { CompletionList, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { parse as parseYaml } from 'yaml';

const root = repoRoot();
let server: TestServer;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const FIXTURE_FOLDERS = ['test/fixtures/diagnostics', 'test/fixtures/analysis'];

/**
 * Diagnostics fixtures are strict (every finding must have its caret). An analysis fixture speaks for the
 * codes its folder is about (the codes of all carets in that folder); other checks' findings are ignored there.
 */
function codesUnderTest(file: string): ((code: string) => boolean) | undefined {
  if (file.includes(`${path.sep}diagnostics${path.sep}`)) return undefined;
  const folder = path.dirname(file);
  const claimed = new Set(fixtureFiles(folder).flatMap((sibling) => expectedFindings(readFileSync(sibling, 'utf8')).map((f) => f.code)));
  return (code) => claimed.has(code);
}

test('every diagnostics and analysis fixture gives exactly its caret findings through the server', async () => {
  const files = FIXTURE_FOLDERS.flatMap((folder) => fixtureFiles(path.join(root, folder)));
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // A unique URI per fixture, outside any workspace folder, so fixtures never see each other.
    const uri = `untitled:${path.relative(root, file)}`;
    // A `# mesh-config: {…}` first line asks for a mesh config: that fixture gets a server of its own.
    const meshConfig = /^# mesh-config: (.*)$/m.exec(text)?.[1];
    const target = meshConfig ? await startServer({ initializationOptions: { meshConfig: parseYaml(meshConfig) } }) : server;
    const settled = target.waitForAnalysis(uri, 1);
    target.open(uri, text, 1);
    const diagnostics = await settled;
    if (target !== server) await target.stop();
    assertMatchesFixture(
      file,
      text,
      diagnostics.map((d) => ({ line: d.range.start.line, startCharacter: d.range.start.character, code: String(d.code), message: String(d.message) })),
      codesUnderTest(file),
    );
    for (const d of diagnostics) {
      assert.equal(d.source, 'meshwright');
      assert.match(d.codeDescription?.href ?? '', /diagnostics\.md#/);
    }
    if (target !== server) continue;
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await server.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
  }
});

test('document symbols list one entry per resource', async () => {
  const uri = 'untitled:symbols.yaml';
  server.open(uri, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination:\n        host: web\n');
  await server.waitForDiagnostics(uri);
  const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(symbols.map((s) => s.name), ['Namespace shop', 'VirtualService shop/web']);
  assert.equal(symbols[1]!.selectionRange.start.line, 8, 'selection is metadata.name');
});

test('hover explains a field with its type and the Istio release', async () => {
  const uri = 'untitled:hover.yaml';
  const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n';
  server.open(uri, text);
  await server.waitForDiagnostics(uri);
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 8 } })) as Hover;
  const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
  assert.match(value, /simple/i);
  assert.match(value, /ROUND_ROBIN/);
  assert.match(value, /Istio 1\.\d+/);
});

test('completion offers the keys of the schema at the cursor', async () => {
  const uri = 'untitled:complete.yaml';
  const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  \n';
  server.open(uri, text);
  await server.waitForDiagnostics(uri);
  const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 2 } })) as CompletionList;
  const labels = list.items.map((item) => item.label);
  for (const key of ['hosts', 'gateways', 'http', 'tcp', 'tls', 'exportTo']) assert.ok(labels.includes(key), `missing ${key} in ${labels.join(', ')}`);
});

test('an incremental edit updates the diagnostics of that version', async () => {
  const uri = 'untitled:edit.yaml';
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  ports:\n  - name: http\n    port: 9080\n---\n';
  const text = service + 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n';
  server.open(uri, text, 1);
  assert.deepEqual(await server.waitForDiagnostics(uri, (p) => p.version === 1), []);
  // ROUND_ROBIN → ROUND_ROBINX: a bad enum value.
  server.change(uri, 2, [{ range: { start: { line: 17, character: 25 }, end: { line: 17, character: 25 } }, text: 'X' }]);
  const broken = await server.waitForDiagnostics(uri, (p) => p.version === 2);
  assert.deepEqual(broken.map((d) => d.code), ['MW0103']);
  assert.equal(broken[0]!.range.start.line, 17);
  server.change(uri, 3, [{ range: { start: { line: 17, character: 25 }, end: { line: 17, character: 26 } }, text: '' }]);
  assert.deepEqual(await server.waitForDiagnostics(uri, (p) => p.version === 3), []);
});

test('files without Kubernetes objects are left alone', async () => {
  const uri = 'untitled:plain.yaml';
  server.open(uri, 'name: my-app\nsteps: [build, test\n');
  assert.deepEqual(await server.waitForDiagnostics(uri), []);
});

test('a file over 16 MiB gets one informational note and the server keeps answering', async () => {
  const uri = 'untitled:huge.yaml';
  const line = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n';
  server.open(uri, line + `  blob: ${'x'.repeat(17 * 1024 * 1024)}\n`);
  const diagnostics = await server.waitForDiagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => d.code), ['MW0002']);
  const symbols = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols, []);
});

test('with the YAML extension active, YAML syntax errors are left to it', async () => {
  const other = await startServer({ initializationOptions: { yamlExtensionActive: true } });
  try {
    const uri = 'untitled:syntax.yaml';
    other.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: 1\n');
    assert.deepEqual((await other.waitForDiagnostics(uri)).map((d) => d.code), []);
  } finally {
    await other.stop();
  }
});

test('workspace files are indexed: findings in an unopened file follow edits in another', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'meshwright-ws-'));
  mkdirSync(path.join(folder, 'mesh'));
  const routes = path.join(folder, 'mesh', 'routes.yaml');
  const rules = path.join(folder, 'mesh', 'rules.yaml');
  writeFileSync(
    routes,
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v2\n',
  );
  const rulesText = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n';
  writeFileSync(rules, rulesText);
  writeFileSync(path.join(folder, 'mesh', 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  selector:\n    app: reviews\n  ports:\n  - name: http\n    port: 9080\n');
  const ws = await startServer({ workspaceFolder: folder });
  try {
    const routesUri = fileUri(routes);
    const missing = await ws.waitForDiagnostics(routesUri, (p) => p.diagnostics.some((d) => d.code === 'IST0101'));
    const finding = missing.find((d) => d.code === 'IST0101')!;
    assert.equal(finding.range.start.line, 11, 'on the subset value');
    assert.ok(finding.relatedInformation === undefined || finding.relatedInformation.length >= 0);
    // Add subset v2 in the (now open) DestinationRule: the unopened routes file is re-published clean.
    const rulesUri = fileUri(rules);
    ws.open(rulesUri, rulesText, 1);
    ws.change(rulesUri, 2, [{ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } }, text: '  - name: v2\n    labels:\n      version: v2\n' }]);
    await ws.waitForDiagnostics(routesUri, (p) => !p.diagnostics.some((d) => d.code === 'IST0101'));
  } finally {
    await ws.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('formatting goes through yaml-language-server and returns an edit', async () => {
  const uri = 'untitled:format.yaml';
  server.open(uri, 'apiVersion:   v1\nkind: ServiceAccount\nmetadata:\n    name:   reviews\n');
  await server.waitForDiagnostics(uri);
  const edits = (await server.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as { newText: string }[];
  assert.equal(edits.length, 1);
  assert.equal(edits[0]!.newText, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reviews\n');
});

test('a quick fix creates the missing subset in the DestinationRule', async () => {
  const uri = 'untitled:quickfix.yaml';
  const text =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  ports:\n  - name: http\n    port: 9080\n---\n' +
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n---\n' +
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v2\n';
  server.open(uri, text);
  const diagnostics = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'IST0101'));
  const missing = diagnostics.filter((d) => d.code === 'IST0101');
  const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: missing[0]!.range, context: { diagnostics: missing } })) as { title: string; edit?: unknown }[];
  assert.ok(actions.some((action) => /subset/i.test(action.title) && action.edit), `actions: ${actions.map((a) => a.title).join('; ')}`);
});

test('go to definition jumps from a destination to its Service, DestinationRule subset and Gateway', async () => {
  const uri = 'untitled:definition.yaml';
  const text =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  ports:\n  - name: http\n    port: 9080\n---\n' +
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n---\n' +
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: web\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n---\n' +
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  gateways: [web]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n';
  server.open(uri, text);
  await server.waitForDiagnostics(uri);
  const lines = text.split('\n');
  const lineOf = (needle: string, from = 0) => lines.findIndex((line, i) => i >= from && line.includes(needle));
  const vsStart = lineOf('kind: VirtualService');
  const at = async (line: number, character: number) =>
    (await server.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line, character } })) as { range: { start: { line: number } } }[];
  assert.equal((await at(lineOf('host: reviews', vsStart), 16))[0]?.range.start.line, lineOf('name: reviews'), 'host → Service');
  assert.equal((await at(lineOf('subset: v1', vsStart), 17))[0]?.range.start.line, lineOf('- name: v1'), 'subset → DestinationRule subset');
  assert.equal((await at(lineOf('gateways: [web]'), 14))[0]?.range.start.line, lineOf('name: web'), 'gateway → Gateway');
});

test('cluster-aware analysis: objects from the cluster resolve references and are never published', async () => {
  const uri = 'untitled:cluster-aware.yaml';
  const text =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ratings\n  namespace: shop\nspec:\n  hosts: [ratings]\n  http:\n  - route:\n    - destination:\n        host: ratings\n';
  const opened = server.waitForAnalysis(uri, 1);
  server.open(uri, text, 1);
  assert.ok((await opened).some((d) => d.code === 'IST0101'), 'without the cluster, the host is unknown');
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ratings', namespace: 'shop' }, spec: { ports: [{ name: 'http', port: 9080 }] } };
  await server.connection.sendNotification('meshwright/clusterResources', { context: 'test-context', objects: [service] });
  await server.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'IST0101'));
  assert.ok(![...server.diagnostics.keys()].some((published) => published.startsWith('meshwright-cluster:')), 'cluster objects get no diagnostics');
  await server.connection.sendNotification('meshwright/clusterResources', { objects: [] });
  await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'IST0101'));
});

test('completion after "subset: " offers the subsets of the destination host', async () => {
  const uri = 'untitled:subset-completion.yaml';
  const text =
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n  - name: v2\n    labels:\n      version: v2\n---\n' +
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: \n';
  server.open(uri, text);
  await server.waitForDiagnostics(uri);
  const line = text.split('\n').findIndex((l) => l.startsWith('        subset:'));
  const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: 16 } })) as CompletionList;
  const labels = list.items.map((item) => item.label);
  assert.ok(labels.includes('v1') && labels.includes('v2'), labels.join(', '));
});

test('suppression by comment and by the galley.istio.io/analyze-suppress annotation works through the server', async () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  ports:\n  - name: http\n    port: 9080\n---\n';
  const route = (name: string, annotations: string, comment: string) =>
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n${annotations}spec:\n  hosts: [${name}.example.com]\n  http:\n  - route:\n    - destination:\n        host: reviews\n${comment}        subset: v9\n`;
  const uri = 'untitled:suppressed.yaml';
  const text =
    service +
    route('by-comment', '', '        # meshwright-disable-next-line IST0101\n') +
    '---\n' +
    route('by-annotation', '  annotations:\n    galley.istio.io/analyze-suppress: IST0101\n', '') +
    '---\n' +
    route('not-suppressed', '', '');
  const settled = server.waitForAnalysis(uri, 1);
  server.open(uri, text, 1);
  const findings = (await settled).filter((d) => d.code === 'IST0101');
  const lines = text.split('\n');
  assert.equal(findings.length, 1, findings.map((d) => d.message).join('\n'));
  assert.ok(lines.slice(0, findings[0]!.range.start.line).some((line) => line.includes('name: not-suppressed')), 'only the unsuppressed route is reported');
});
