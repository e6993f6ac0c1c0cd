// Topology benchmark: generated meshes of 500 and 5,000 services, model computed by the server code (Node),
// rendered by the real webview bundle (media/dist/topology.js) in headless Chromium. Reports the time to
// build the model, the time for the webview to render it (mermaid layout + SVG sanitising + insertion), and
// the total; median of several runs. Writes the table into docs/performance.md (bench:topology markers).
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { WebviewBrowser, chromiumAvailable, waitForRender } from '../test/webview/harness.ts';
import { meshFromTexts } from '../test/helpers/mesh.ts';
import { generateMeshYaml } from '../test/helpers/largeMesh.ts';
import { buildTopology, DETAIL_EDGE_LIMIT, DETAIL_NODE_LIMIT } from '../server/src/ide/topology.ts';
import type { TopologyModel, TopologyScope } from '../protocol/webview.ts';
import { formatMs, median, replaceSection } from './common.ts';

const RUNS = Number(process.env['MESHWRIGHT_BENCH_RUNS'] ?? 3);

interface Case {
  name: string;
  services: number;
  scope: TopologyScope;
  budgetMs?: number;
}

const CASES: Case[] = [
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
  aggregated: boolean;
  modelMs: number;
  renderMs: number;
  totalMs: number;
  budgetMs?: number;
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error('needs /usr/bin/chromium and media/dist (run node scripts/build.mjs)');
  const browser = new WebviewBrowser();
  await browser.start();
  const rows: Row[] = [];
  const meshes = new Map<number, ReturnType<typeof meshFromTexts>>();
  try {
    for (const benchCase of CASES) {
      let mesh = meshes.get(benchCase.services);
      if (!mesh) meshes.set(benchCase.services, (mesh = meshFromTexts([{ uri: `file:///bench/mesh-${benchCase.services}.yaml`, text: generateMeshYaml(benchCase.services) }])));
      const modelTimes: number[] = [];
      const renderTimes: number[] = [];
      const totals: number[] = [];
      let model: TopologyModel | undefined;
      for (let run = 0; run < RUNS; run++) {
        const view = await browser.open('topology');
        await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
        const started = performance.now();
        model = buildTopology(mesh.index, () => [], benchCase.scope);
        const built = performance.now();
        await view.send({ type: 'topology', model, scope: benchCase.scope });
        await waitForRender(view.page, 1, 120_000);
        const done = performance.now();
        const svgCount = await view.page.locator('#diagram svg').count();
        if (svgCount !== 1) throw new Error(`${benchCase.name}: nothing rendered: ${await view.page.locator('#diagram').innerText()}`);
        modelTimes.push(built - started);
        renderTimes.push(done - built);
        totals.push(done - started);
        await view.page.close();
      }
      const row: Row = {
        name: benchCase.name,
        nodes: model!.nodes.length,
        edges: model!.edges.length,
        aggregated: model!.aggregated,
        modelMs: median(modelTimes),
        renderMs: median(renderTimes),
        totalMs: median(totals),
      };
      if (benchCase.budgetMs !== undefined) row.budgetMs = benchCase.budgetMs;
      rows.push(row);
      process.stderr.write(`${row.name}: ${formatMs(row.totalMs)}\n`);
    }
  } finally {
    await browser.stop();
  }
  const load = os.loadavg()[0]!.toFixed(1);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (${os.cpus().length} cores, load average ${load} at the end of the run), Node ${process.version}, Debian Chromium headless, mermaid 12 with our settings (securityLevel strict, SVG labels). Median of ${RUNS} runs; a fresh page per run. "model" = buildTopology in the server code; "render" = from posting the model to the webview until the sanitised SVG is in the page. Views above ${DETAIL_NODE_LIMIT} nodes or ${DETAIL_EDGE_LIMIT} edges collapse by namespace automatically.`,
    '',
    '| case | nodes / edges shown | model | render | total | budget |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${r.nodes} / ${r.edges}${r.aggregated ? ' (aggregated)' : ''} | ${formatMs(r.modelMs)} | ${formatMs(r.renderMs)} | ${formatMs(r.totalMs)} | ${r.budgetMs !== undefined ? `≤ ${formatMs(r.budgetMs)}: ${r.totalMs <= r.budgetMs ? 'met' : '**missed**'}` : '—'} |`),
  ];
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  replaceSection('topology', table);
}

await main();
