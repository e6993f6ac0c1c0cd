// Topology benchmark: generated meshes of 500 and 5,000 services, model computed by the server code (Node),
// rendered by the real webview bundle (media/dist/topology.js) in headless Chromium. Reports the time to
// build the model, the time for the webview to render it up to the first painted frame, where that time goes
// (mermaid parse + layout + SVG, our sanitising, insertion, layout and paint of the frame), and the total;
// median of several runs, each in a fresh page. Writes the table into docs/performance.md (bench:topology
// markers).
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { ROOT, WebviewBrowser, chromiumAvailable, exampleMeshFiles, waitForRender } from '../test/webview/harness.ts';
import { meshFromTexts } from '../test/helpers/mesh.ts';
import { generateMeshYaml } from '../test/helpers/largeMesh.ts';
import { buildTopology, DEFAULT_VIEW_EDGE_LIMIT, DEFAULT_VIEW_NODE_LIMIT, DETAIL_EDGE_LIMIT, DETAIL_NODE_LIMIT } from '../server/src/ide/topology.ts';
import type { TopologyModel, TopologyScope } from '../protocol/webview.ts';
import { formatMs, median, percentile, replaceSection } from './common.ts';
import { startServer } from '../test/helpers/lspClient.ts';
import { TopologyChangedNotification, TopologyRequest } from '../protocol/lsp.ts';

const RUNS = Number(process.env['MESHWRIGHT_BENCH_RUNS'] ?? 5);
/** `MESHWRIGHT_BENCH_TOPOLOGY=refresh` times only the refresh after edits and prints it without touching the docs. */
const ONLY_REFRESH = process.env['MESHWRIGHT_BENCH_TOPOLOGY'] === 'refresh';
const PHASES = ['warmup', 'mermaid', 'sanitize', 'insert', 'paint'] as const;

interface Case {
  name: string;
  services: number;
  scope: TopologyScope;
  budgetMs?: number;
}

const CASES: Case[] = [
  { name: '40 services, workspace view (versions folded into services)', services: 40, scope: {} },
  { name: '500 services, workspace view (auto-collapsed)', services: 500, scope: {}, budgetMs: 1000 },
  { name: '500 services, focus svc-00042 + 2 hops (detailed)', services: 500, scope: { focus: { service: 'svc-00042', hops: 2 } } },
  { name: '500 services, filter "svc-0004" (detailed)', services: 500, scope: { filter: 'svc-0004' } },
  { name: '5,000 services, workspace view (aggregated)', services: 5000, scope: {}, budgetMs: 2000 },
  { name: '5,000 services, focus svc-04242 + 2 hops (detailed)', services: 5000, scope: { focus: { service: 'svc-04242', hops: 2 } } },
];

interface Row {
  name: string;
  nodes: number;
  edges: number;
  level: string;
  loadMs: number;
  phases: Record<string, number>;
  modelMs: number;
  renderMs: number;
  totalMs: number;
  budgetMs?: number;
}

/**
 * Refresh after an edit with the example mesh: the language server (built, over stdio) gets a weight edit, says
 * topologyChanged, and answers the panel's topology request; then the open panel re-renders the new model.
 */
async function refreshLatency(browser: WebviewBrowser): Promise<{ server: number[]; render: number[]; total: number[]; relayout: number[] }> {
  const files = exampleMeshFiles();
  const server = await startServer({ initializationOptions: { indexWorkspace: false } });
  const view = await browser.open('topology');
  try {
    let notified: (() => void) | undefined;
    server.connection.onNotification(TopologyChangedNotification, () => notified?.());
    for (const file of files) server.open(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    await server.waitForWarm(120_000);
    await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    let rendered = 0;
    await view.send({ type: 'topology', model: await server.connection.sendRequest(TopologyRequest, {}), scope: {} });
    await waitForRender(view.page, ++rendered, 120_000);
    const routingFile = files.find((file) => file.endsWith(`${path.sep}routing.yaml`))!;
    const routing = pathToFileURL(routingFile).href;
    const text = readFileSync(routingFile, 'utf8');
    // The first split's two weights (80/20 in the example) move by 10 and back, as the traffic slider does.
    const first = text.indexOf('weight: ') + 'weight: '.length;
    const second = text.indexOf('weight: ', first) + 'weight: '.length;
    const subset = text.lastIndexOf('subset: v', first) + 'subset: v'.length;
    const positionOf = (offset: number) => ({ line: text.slice(0, offset).split('\n').length - 1, character: offset - text.lastIndexOf('\n', offset - 1) - 1 });
    const digit = (offset: number, delta: number) => {
      const at = positionOf(offset);
      return { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: String(Number(text[offset]) + delta) };
    };
    const times = { server: [] as number[], render: [] as number[], total: [] as number[], relayout: [] as number[] };
    for (let i = 0; i < RUNS * 8; i++) {
      // The second half re-targets the split's first destination instead (subset v1 → v2 and back): the
      // graph changes, so the panel lays it out again; timed apart.
      const structural = i >= RUNS * 4;
      const changed = new Promise<void>((resolve) => (notified = resolve));
      const started = performance.now();
      const edit = structural ? [digit(subset, i % 2 === 0 ? 1 : 0)] : i % 2 === 0 ? [digit(second, 1), digit(first, -1)] : [digit(second, 0), digit(first, 0)];
      server.change(routing, i + 2, edit);
      await changed;
      const model = await server.connection.sendRequest(TopologyRequest, {});
      const answered = performance.now();
      await view.send({ type: 'topology', model, scope: {} });
      await waitForRender(view.page, ++rendered, 120_000);
      const done = performance.now();
      if (structural) {
        times.relayout.push(done - started);
        continue;
      }
      times.server.push(answered - started);
      times.render.push(done - answered);
      times.total.push(done - started);
    }
    return times;
  } finally {
    await view.page.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error('needs /usr/bin/chromium and media/dist (run node scripts/build.mjs)');
  const startLoad = os.loadavg()[0]!.toFixed(1);
  const browser = new WebviewBrowser();
  await browser.start();
  const rows: Row[] = [];
  let refresh: Awaited<ReturnType<typeof refreshLatency>> | undefined;
  const meshes = new Map<number, ReturnType<typeof meshFromTexts>>();
  try {
    for (const benchCase of ONLY_REFRESH ? [] : CASES) {
      let mesh = meshes.get(benchCase.services);
      if (!mesh) meshes.set(benchCase.services, (mesh = meshFromTexts([{ uri: `file:///bench/mesh-${benchCase.services}.yaml`, text: generateMeshYaml(benchCase.services) }])));
      const modelTimes: number[] = [];
      const renderTimes: number[] = [];
      const totals: number[] = [];
      const loads: number[] = [];
      const phases = new Map<string, number[]>(PHASES.map((p) => [p, []]));
      let model: TopologyModel | undefined;
      for (let run = 0; run < RUNS; run++) {
        const opened = performance.now();
        const view = await browser.open('topology');
        await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
        // The extension asks the server for the model when the page says `ready`, so the clock starts there;
        // mermaid's warm-up render (started just before `ready`) overlaps the model and is waited for in render.
        loads.push(performance.now() - opened);
        const started = performance.now();
        model = buildTopology(mesh.index, () => [], benchCase.scope);
        const built = performance.now();
        await view.send({ type: 'topology', model, scope: benchCase.scope });
        await waitForRender(view.page, 1, 120_000);
        const done = performance.now();
        const svgCount = await view.page.locator('#diagram svg').count();
        if (svgCount !== 1) throw new Error(`${benchCase.name}: nothing rendered: ${await view.page.locator('#diagram').innerText()}`);
        const measured = JSON.parse((await view.page.evaluate(() => document.body.dataset.renderPhases)) ?? '{}') as Record<string, number>;
        for (const phase of PHASES) phases.get(phase)!.push(measured[phase] ?? 0);
        modelTimes.push(built - started);
        renderTimes.push(done - built);
        totals.push(done - started);
        await view.page.close();
      }
      const row: Row = {
        name: benchCase.name,
        nodes: model!.nodes.length,
        edges: model!.edges.length,
        level: model!.level ?? (model!.aggregated ? 'namespaces' : 'detailed'),
        loadMs: median(loads),
        phases: Object.fromEntries(PHASES.map((p) => [p, median(phases.get(p)!)])),
        modelMs: median(modelTimes),
        renderMs: median(renderTimes),
        totalMs: median(totals),
      };
      if (benchCase.budgetMs !== undefined) row.budgetMs = benchCase.budgetMs;
      rows.push(row);
      process.stderr.write(`${row.name}: ${formatMs(row.totalMs)}\n`);
    }
    refresh = await refreshLatency(browser);
  } finally {
    await browser.stop();
  }
  const load = os.loadavg()[0]!.toFixed(1);
  const bundle = statSync(path.join(ROOT, 'media', 'dist', 'topology.js')).size;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (${os.cpus().length} cores, load average ${startLoad} at the start and ${load} at the end of the run), Node ${process.version}, Debian Chromium headless, mermaid 12 with our settings (securityLevel strict, dagre layout, SVG labels, server-broken label lines), webview bundle ${(bundle / 1e6).toFixed(1)} MB. Median of ${RUNS} runs; a fresh page per run. "model" = buildTopology in the server code; "render" = from posting the model to the webview until the sanitised SVG is in the page and the next frame has been laid out and painted; "total" = model + render (the budget). Render phases: the rest of mermaid's warm-up render (started when the page loads, overlapping the model), mermaid (parse, label measuring, dagre layout, SVG), our sanitising, insertion, layout + paint of the frame. "page load" (opening the panel until the bundle has run and said \`ready\`) comes before the clock starts and is not in the total. The workspace view above ${DEFAULT_VIEW_NODE_LIMIT} nodes or ${DEFAULT_VIEW_EDGE_LIMIT} edges (focused or filtered views: ${DETAIL_NODE_LIMIT} / ${DETAIL_EDGE_LIMIT}) folds versions into services, then collapses by namespace.`,
    '',
    '| case | view | nodes / edges shown | model | render (warm-up / mermaid / sanitise / insert / paint) | total | budget | page load |',
    '|---|---|---:|---:|---:|---:|---|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.level} | ${r.nodes} / ${r.edges} | ${formatMs(r.modelMs)} | ${formatMs(r.renderMs)} (${PHASES.map((p) => formatMs(r.phases[p]!)).join(' / ')}) | ${formatMs(r.totalMs)} | ${r.budgetMs !== undefined ? `≤ ${formatMs(r.budgetMs)}: ${r.totalMs <= r.budgetMs ? 'met' : '**missed**'}` : '—'} | ${formatMs(r.loadMs)} |`),
    '',
    `Refresh after an edit (the example mesh in examples/bookinfo, ${refresh!.total.length} weight edits (a split moved by 10 points and back, as the slider does) through the built language server over stdio; the panel stays open and refreshes): edit → topologyChanged → model answered p50 ${formatMs(median(refresh!.server))} / p95 ${formatMs(percentile(refresh!.server, 95))}; re-render p50 ${formatMs(median(refresh!.render))} / p95 ${formatMs(percentile(refresh!.render, 95))}; edit → new diagram painted p50 ${formatMs(median(refresh!.total))} / p95 ${formatMs(percentile(refresh!.total, 95))} (target 300 ms: ${percentile(refresh!.total, 95) <= 300 ? 'met' : 'missed'}; labels rewritten in place). Edits that change the graph (a destination moved to another subset and back; ${refresh!.relayout.length} edits) are laid out again (text widths mermaid measured before are reused): edit → painted p50 ${formatMs(median(refresh!.relayout))} / p95 ${formatMs(percentile(refresh!.relayout, 95))} (target 300 ms: ${percentile(refresh!.relayout, 95) <= 300 ? 'met' : 'missed'}).`,
  ];
  if (ONLY_REFRESH) {
    process.stdout.write(`${lines.at(-1)}\n`);
    return;
  }
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  replaceSection('topology', table);
}

await main();
