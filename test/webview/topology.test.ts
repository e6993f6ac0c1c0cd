// The real topology bundle (media/dist/topology.js) in headless Chromium, served with the extension's CSP
// template: renders the example mesh computed by the server code, checks nodes/edges/weights/badges in the
// SVG, click-to-source messages, a hostile-label corpus, Kubernetes Gateway API routes, fitting and pan/zoom in
// a narrow panel (no label cut off), the services view and large-mesh aggregation. Screenshots go to
// test-output/webview/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { ROOT, SCREENSHOTS, WebviewBrowser, chromiumAvailable, exampleMeshFiles, waitForRender, type WebviewPage } from './harness.ts';
import { loadMesh, meshFromTexts } from '../helpers/mesh.ts';
import { generateMeshYaml } from '../helpers/largeMesh.ts';
import { buildTopology } from '../../server/src/ide/topology.ts';
import type { TopologyModel } from '../../protocol/webview.ts';

const skip = chromiumAvailable() ? false : 'needs /usr/bin/chromium and a built media/dist (npm test builds it)';
const browser = new WebviewBrowser();

before(async () => {
  if (!skip) await browser.start();
});
after(async () => {
  if (!skip) await browser.stop();
});

async function showModel(model: TopologyModel, options: Parameters<WebviewBrowser['open']>[1] & { viewport?: { width: number; height: number } } = {}): Promise<WebviewPage> {
  const view = await browser.open('topology', options);
  if (options.viewport) await view.page.setViewportSize(options.viewport);
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await view.send({ type: 'topology', model, scope: {} });
  await waitForRender(view.page, 1);
  return view;
}

test('topology webview renders the example mesh: nodes, edges, weights, badges', { skip }, async () => {
  const { index } = loadMesh(exampleMeshFiles());
  const model = buildTopology(index, () => []);
  const view = await showModel(model);
  const page = view.page;
  assert.equal(await page.locator('#diagram svg.topology').count(), 1, await page.locator('#diagram').innerText());
  assert.equal(await page.locator('#diagram svg.topology g.node').count(), model.nodes.length);
  assert.equal(await page.locator('#diagram svg.topology path[data-id^="e"]').count(), model.edges.length);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'topology-light.png'), fullPage: true });
  // Label lines are separate <tspan>s: join them with spaces.
  const text = await page.evaluate(() => [...document.querySelectorAll('#diagram svg.topology tspan.text-inner-tspan, #diagram svg.topology text')].map((t) => t.textContent).join(' ').replace(/\s+/g, ' '));
  for (const expected of ['reviews v1', 'mTLS STRICT', 'circuit breaker', 'fault delay', 'timeout', 'retries']) {
    assert.ok(text.includes(expected), `SVG text has "${expected}"`);
  }
  const weighted = model.edges.filter((e) => e.kind === 'route' && e.weight !== undefined && e.weight < 100);
  assert.ok(weighted.length >= 2, 'the example has a weighted split');
  for (const edge of weighted) assert.ok(text.includes(`${edge.weight}%`), `weight ${edge.weight}% is drawn (entity decoded)`);
  assert.ok(!text.includes('&#'), 'no raw entity codes left in labels');
  assert.equal(await page.evaluate(() => document.body.dataset.securityLevel), 'strict');
  assert.equal(await page.evaluate(() => document.body.dataset.maxEdges), '1000');
  // Mermaid's transient measuring DOM uses inline styles, which the CSP blocks (the final SVG gets its styles
  // through CSSOM and a nonce'd <style>); nothing else may be reported.
  assert.deepEqual((await view.violations()).filter((v) => !v.startsWith('style-src')), []);
  assert.deepEqual(view.requests.filter((u) => !u.includes('/media/') && !u.endsWith('/index.html')), []);
  await page.close();

  const dark = await showModel(model, { theme: 'dark' });
  await dark.page.screenshot({ path: path.join(SCREENSHOTS, 'topology-dark.png'), fullPage: true });
  await dark.page.close();
});

test('clicking a node or an edge posts a reveal message with its source', { skip }, async () => {
  const { index } = loadMesh(exampleMeshFiles());
  const model = buildTopology(index, () => []);
  const view = await showModel(model);
  const service = model.nodes.find((n) => n.label === 'reviews' && n.kind === 'service')!;
  await view.page.locator(`#diagram svg.topology g.node[id$="flowchart-${service.id}-${model.nodes.indexOf(service)}"], #diagram svg.topology g.node[id*="flowchart-${service.id}-"]`).first().click();
  const edge = model.edges.find((e) => e.kind === 'route' && e.weight !== undefined && e.weight < 100)!;
  await view.page.locator(`#diagram svg.topology g.label[data-id="${edge.id}"]`).click({ force: true });
  const reveals = (await view.posted()).filter((m) => (m as { type: string }).type === 'reveal') as { source: unknown }[];
  assert.deepEqual(reveals.map((r) => r.source), [service.source, edge.source]);
  await view.page.close();
});

test('focus and filter controls send a validated scope message', { skip }, async () => {
  const { index } = loadMesh(exampleMeshFiles());
  const view = await showModel(buildTopology(index, () => []));
  await view.page.fill('#focus', 'reviews');
  await view.page.fill('#hops', '2');
  await view.page.fill('#filter', 'v1');
  await view.page.click('#apply');
  await view.page.click('#export-mermaid');
  const posted = (await view.posted()) as { type: string; scope?: unknown; format?: string; content?: string }[];
  assert.deepEqual(posted.find((m) => m.type === 'scope')!.scope, { focus: { service: 'reviews', hops: 2 }, filter: 'v1' });
  const exported = posted.find((m) => m.type === 'export')!;
  assert.equal(exported.format, 'mermaid');
  assert.match(exported.content!, /^flowchart LR/);
  await view.page.click('#export-svg');
  const svg = ((await view.posted()) as { type: string; format?: string; content?: string }[]).find((m) => m.type === 'export' && m.format === 'svg')!;
  assert.match(svg.content!, /^<svg/);
  await view.page.close();
});

const HOSTILE_PAGE_PAYLOADS = `
<script>window.__pwned = 'inline-script';</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<a id="js-link" href="javascript:window.__pwned='javascript-url'">link</a>
<script src="https://evil.example/x.js"></script>
<base href="https://evil.example/">
<div style="background:url(https://evil.example/bg.png)">styled</div>`;

test('hostile labels and injected markup never run script and leave no handlers in the SVG', { skip }, async () => {
  const hostile = loadMesh([path.join(ROOT, 'test', 'fixtures', 'topology', 'hostile.yaml')]);
  const model = buildTopology(hostile.index, () => []);
  const view = await showModel(model, { extraBody: HOSTILE_PAGE_PAYLOADS });
  const page = view.page;
  await page.locator('#js-link').click();
  // Hover and click every node to trigger anything attached to them.
  for (const node of await page.locator('#diagram svg.topology g.node').all()) await node.click({ force: true });
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, 'sentinel stays unset');
  assert.equal(await page.locator('#diagram svg.topology').count(), 1);
  assert.equal(await page.locator('#diagram svg.topology g.node').count(), model.nodes.length);
  const report = await page.evaluate(() => {
    const svg = document.querySelector('#diagram svg.topology')!;
    const all = [svg, ...svg.querySelectorAll('*')];
    return {
      onAttributes: all.flatMap((e) => [...e.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${e.nodeName} ${a.name}`)),
      scripts: svg.querySelectorAll('script').length,
      foreignObjects: svg.querySelectorAll('foreignObject').length,
      images: svg.querySelectorAll('image').length,
      links: all.filter((e) => e.hasAttribute('href') || e.hasAttribute('xlink:href')).length,
      javascriptUrls: all.filter((e) => [...e.attributes].some((a) => /javascript:/i.test(a.value))).length,
      text: svg.textContent ?? '',
    };
  });
  assert.deepEqual(report.onAttributes, []);
  assert.equal(report.scripts, 0);
  assert.equal(report.foreignObjects, 0);
  assert.equal(report.images, 0);
  assert.equal(report.links, 0);
  assert.equal(report.javascriptUrls, 0);
  assert.ok(report.text.includes('<script>'), 'hostile text is shown as text');
  assert.ok(!/&#\d/.test(report.text), 'entity codes are decoded even where mermaid wrapped a long word');
  const violations = await view.violations();
  assert.ok(violations.some((v) => v.startsWith('script-src')), `CSP reported the injected scripts: ${violations.join(', ')}`);
  assert.deepEqual(view.requests.filter((u) => !u.startsWith('https://webview.meshwright.test/')), [], 'no request leaves the webview origin');
  assert.equal(await page.evaluate(() => document.body.dataset.securityLevel), 'strict');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'topology-hostile.png'), fullPage: true });
  await page.close();
});

test('a 5,000-service mesh opens as an aggregated namespace view', { skip }, async () => {
  const mesh = meshFromTexts([{ uri: 'file:///large/mesh.yaml', text: generateMeshYaml(5000) }]);
  const model = buildTopology(mesh.index, () => []);
  assert.equal(model.aggregated, true);
  const view = await showModel(model);
  assert.equal(await view.page.locator('#diagram svg.topology g.node').count(), model.nodes.length);
  assert.match(await view.page.locator('#status').innerText(), /collapsed by namespace/);
  const renderMs = Number(await view.page.evaluate(() => document.body.dataset.renderMs));
  assert.ok(renderMs < 10_000, `rendered in ${renderMs} ms`);
  await view.page.screenshot({ path: path.join(SCREENSHOTS, 'topology-aggregated.png'), fullPage: true });
  await view.page.close();
});

/** The diagram's text, one label line (outer tspan) after another, separated by spaces. */
async function diagramText(view: WebviewPage): Promise<string> {
  return view.page.evaluate(() => [...document.querySelectorAll('#diagram svg.topology text')]
    .map((t) => {
      const lines = [...t.querySelectorAll('tspan.text-outer-tspan')];
      return lines.length ? lines.map((l) => l.textContent).join(' ') : t.textContent;
    })
    .join(' ')
    .replace(/\s+/g, ' '));
}

/** Every SVG text's box, and the diagram container's box, in page pixels. */
async function textBoxes(view: WebviewPage): Promise<{ container: { left: number; top: number; right: number; bottom: number }; texts: { text: string; left: number; top: number; right: number; bottom: number }[] }> {
  return view.page.evaluate(() => {
    const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const container = document.getElementById('diagram')!.getBoundingClientRect();
    const texts = [...document.querySelectorAll('#diagram svg.topology text')]
      .filter((t) => (t.textContent ?? '').trim() !== '')
      .map((t) => ({ text: t.textContent ?? '', ...box(t.getBoundingClientRect()) }));
    return { container: box(container), texts };
  });
}

test('Kubernetes Gateway API: gateway listeners, route weights and GAMMA edges are drawn', { skip }, async () => {
  const { index } = loadMesh([path.join(ROOT, 'test', 'fixtures', 'topology', 'gateway-api.yaml')]);
  const model = buildTopology(index, () => []);
  const view = await showModel(model);
  const page = view.page;
  assert.equal(await page.locator('#diagram svg.topology g.node').count(), model.nodes.length);
  assert.equal(await page.locator('#diagram svg.topology path[data-id^="e"]').count(), model.edges.length);
  const text = await diagramText(view);
  for (const expected of ['ingress shop-gateway', 'HTTPS:443 shop.example.com', 'TLS Terminate', '80% · listener https', '20% · listener https', 'timeout 5s', 'method shop.Catalog/List', 'tcp listener db', 'missing-gateway (gateway not', '90% · port 8080', 'mirror 5%']) {
    assert.ok(text.includes(expected), `SVG text has "${expected}" in: ${text}`);
  }
  const gamma = model.edges.find((e) => e.weight === 90)!;
  await page.locator(`#diagram svg.topology g.label[data-id="${gamma.id}"]`).click({ force: true });
  const reveals = (await view.posted()).filter((m) => (m as { type: string }).type === 'reveal') as { source: { path: unknown[] } }[];
  assert.deepEqual(reveals.map((r) => r.source.path), [['spec', 'rules', 0, 'backendRefs', 0]]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'topology-gateway-api.png'), fullPage: true });
  await page.close();
});

test('a narrow panel fits the whole diagram (no label cut off); zoom, pan and fit work', { skip }, async () => {
  const { index } = loadMesh(exampleMeshFiles());
  const model = buildTopology(index, () => []);
  // Rendered wide, then the panel shrinks: the view re-fits.
  const wide = await showModel(model);
  await wide.page.setViewportSize({ width: 640, height: 760 });
  await wide.page.waitForFunction(() => Number(document.getElementById('diagram')!.dataset.scale) < 0.5);
  const refitted = await textBoxes(wide);
  assert.deepEqual(refitted.texts.filter((t) => t.left < refitted.container.left - 1 || t.right > refitted.container.right + 1).map((t) => t.text), []);
  await wide.page.close();
  // Opened in a narrow panel: fitted at once.
  const view = await showModel(model, { viewport: { width: 640, height: 760 } });
  const page = view.page;
  const fitted = await textBoxes(view);
  assert.ok(fitted.texts.length > 20);
  const outside = fitted.texts.filter((t) => t.left < fitted.container.left - 1 || t.right > fitted.container.right + 1 || t.top < fitted.container.top - 1 || t.bottom > fitted.container.bottom + 1);
  assert.deepEqual(outside.map((t) => t.text), [], 'every label is inside the panel');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'topology-narrow.png'), fullPage: true });
  const scale = async () => Number(await page.evaluate(() => document.getElementById('diagram')!.dataset.scale));
  const fitScale = await scale();
  await page.click('#zoom-in');
  assert.ok((await scale()) > fitScale * 1.2, 'zoomed in');
  await page.click('#zoom-reset');
  assert.equal(await scale(), 1);
  // Dragging the background pans and does not reveal anything.
  const before = await page.evaluate(() => document.querySelector('#diagram svg.topology')!.getAttribute('viewBox'));
  const box = (await page.locator('#diagram').boundingBox())!;
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 80, { steps: 5 });
  await page.mouse.up();
  const after = await page.evaluate(() => document.querySelector('#diagram svg.topology')!.getAttribute('viewBox'));
  assert.notEqual(after, before, 'the view moved');
  assert.deepEqual((await view.posted()).filter((m) => (m as { type: string }).type === 'reveal'), []);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400);
  assert.ok((await scale()) < 1, 'the wheel zooms out');
  await page.click('#zoom-fit');
  assert.equal(await scale(), fitScale);
  await page.close();
});

test('a medium mesh opens with versions folded into services', { skip }, async () => {
  const mesh = meshFromTexts([{ uri: 'file:///medium/mesh.yaml', text: generateMeshYaml(40) }]);
  const model = buildTopology(mesh.index, () => []);
  assert.equal(model.level, 'services');
  const view = await showModel(model);
  assert.equal(await view.page.locator('#diagram svg.topology g.node').count(), model.nodes.length);
  assert.match(await view.page.locator('#status').innerText(), /versions folded into services/);
  assert.equal(await view.page.evaluate(() => document.body.dataset.level), 'services');
  const text = await diagramText(view);
  assert.ok(text.includes('split v1 90% v2 10%'), `the split between versions is a badge: ${text.slice(0, 300)}`);
  await view.page.click('#fold-versions');
  await view.page.click('#apply');
  const scope = ((await view.posted()) as { type: string; scope?: unknown }[]).find((m) => m.type === 'scope')!.scope;
  assert.deepEqual(scope, { collapseVersions: true });
  await view.page.screenshot({ path: path.join(SCREENSHOTS, 'topology-services.png'), fullPage: true });
  await view.page.close();
});

test('an edit that only changes labels refreshes them in place; a changed graph is laid out again', { skip }, async () => {
  const file = path.join(ROOT, 'test', 'fixtures', 'topology', 'bookinfo.yaml');
  const text = readFileSync(file, 'utf8');
  const modelOf = (yaml: string) => buildTopology(meshFromTexts([{ uri: pathToFileURL(file).href, text: yaml }]).index, () => []);
  const view = await showModel(modelOf(text));
  const page = view.page;
  assert.equal(await page.evaluate(() => document.body.dataset.refresh), 'layout');
  const svgBefore = await page.evaluate(() => (document.querySelector('#diagram svg.topology') as SVGSVGElement & { __mark?: number }).__mark = 1);
  assert.equal(svgBefore, 1);

  // New weights: same graph, other label text → rewritten in place (the same SVG element stays).
  const reweighted = text.replace('weight: 75', 'weight: 70').replace('weight: 25', 'weight: 30');
  assert.notEqual(reweighted, text);
  await view.send({ type: 'topology', model: modelOf(reweighted), scope: {} });
  await waitForRender(page, 2);
  assert.equal(await page.evaluate(() => document.body.dataset.refresh), 'labels');
  assert.equal(await page.evaluate(() => (document.querySelector('#diagram svg.topology') as SVGSVGElement & { __mark?: number }).__mark), 1, 'no new layout');
  const shown = await diagramText(view);
  assert.ok(shown.includes('70%') && shown.includes('30%'), shown);
  assert.ok(!shown.includes('75%') && !/#\d+;/.test(shown), shown);
  // Click-to-source follows the new model.
  await page.locator('#diagram svg.topology g.edgeLabel', { hasText: '70%' }).first().click({ force: true });
  const reveal = (await view.posted() as { type: string }[]).filter((m) => m.type === 'reveal');
  assert.equal(reveal.length, 1);

  // A different graph (here: focused on reviews, fewer nodes and edges) is laid out again.
  await view.send({ type: 'topology', model: buildTopology(meshFromTexts([{ uri: pathToFileURL(file).href, text: reweighted }]).index, () => [], { focus: { service: 'reviews', hops: 1 } }), scope: { focus: { service: 'reviews', hops: 1 } } });
  await waitForRender(page, 3);
  assert.equal(await page.evaluate(() => document.body.dataset.refresh), 'layout');
  assert.equal(await page.evaluate(() => (document.querySelector('#diagram svg.topology') as SVGSVGElement & { __mark?: number }).__mark), undefined);
  assert.deepEqual((await view.violations()).filter((v) => !v.startsWith('style-src')), []);
  await page.close();
});
