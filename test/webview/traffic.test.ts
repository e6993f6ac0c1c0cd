// The real traffic bundle (media/dist/traffic.js) in headless Chromium with the extension's CSP template:
// bars and sliders for the example mesh's route splits, slider edits that become weight edits (checked
// through the server's edit builder), and the request simulator form round trip. Screenshots go to
// test-output/webview/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, SCREENSHOTS, WebviewBrowser, chromiumAvailable, exampleMeshFiles, waitForRender } from './harness.ts';
import { loadMesh } from '../helpers/mesh.ts';
import { trafficSplit, weightEdits } from '../../server/src/ide/traffic.ts';
import { simulateRequest } from '../../server/src/ide/simulate.ts';
import { validateFromWebview, type FromWebview } from '../../protocol/webview.ts';
import { YamlFile } from '../../server/src/model/index.ts';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex.ts';

const skip = chromiumAvailable() ? false : 'needs /usr/bin/chromium and a built media/dist (npm test builds it)';
const browser = new WebviewBrowser();

before(async () => {
  if (!skip) await browser.start();
});
after(async () => {
  if (!skip) await browser.stop();
});

async function posted(view: { posted(): Promise<unknown[]> }): Promise<FromWebview[]> {
  return (await view.posted()).map((m) => validateFromWebview(m)).filter((m): m is FromWebview => !!m);
}

test('traffic webview shows one bar per route and slider edits keep the total at 100', { skip }, async () => {
  const mesh = loadMesh(exampleMeshFiles());
  const splits = trafficSplit(mesh.index);
  const weighted = splits.find((s) => s.destinations.length > 1)!;
  assert.ok(weighted, 'the example mesh has a weighted route');
  const view = await browser.open('traffic');
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await view.send({ type: 'traffic', splits, title: 'Traffic split · examples' });
  await waitForRender(view.page, 1);
  assert.equal(await view.page.locator('section.route').count(), splits.length);
  const section = view.page.locator(`section.route[data-route="${weighted.id}"]`);
  assert.equal(await section.locator('.segment').count(), weighted.destinations.length);
  const label = await section.locator('.bar').getAttribute('aria-label');
  assert.equal(label, weighted.destinations.map((d) => `${d.weight}% ${/^([^.]+)\./.exec(d.host)![1]}${d.subset ? ` ${d.subset}` : ''}`).join(', '));
  await view.page.screenshot({ path: path.join(SCREENSHOTS, 'traffic.png'), fullPage: true });

  // Move the first slider to 40: the others are rebalanced so the total stays 100.
  const slider = section.locator('input[type=range]').first();
  await slider.fill('40');
  await slider.dispatchEvent('change');
  const setWeights = (await posted(view)).find((m) => m.type === 'setWeights');
  assert.ok(setWeights && setWeights.type === 'setWeights');
  assert.equal(setWeights.routeId, weighted.id);
  assert.equal(setWeights.weights[0], 40);
  assert.equal(setWeights.weights.reduce((a, b) => a + b, 0), 100);

  // The server turns the message into exact edits on the weight values.
  const file = mesh.files.find((f) => f.uri === weighted.uri)!;
  const edits = weightEdits(file, setWeights.routeId, setWeights.weights)!;
  assert.ok(edits.length >= 1);
  let text = file.text;
  for (const edit of [...edits].sort((a, b) => file.offsetAt(b.range.start) - file.offsetAt(a.range.start))) {
    text = text.slice(0, file.offsetAt(edit.range.start)) + edit.newText + text.slice(file.offsetAt(edit.range.end));
  }
  const index = new WorkspaceIndex();
  const updated = new YamlFile(file.uri, text);
  index.setFile(file.uri, updated.resources);
  const after = trafficSplit(index).find((s) => s.id === weighted.id)!;
  assert.deepEqual(after.destinations.map((d) => d.weight), setWeights.weights);
  await view.page.close();
});

test('request simulator form posts a validated request and shows the result', { skip }, async () => {
  const mesh = loadMesh(exampleMeshFiles());
  const view = await browser.open('traffic', { theme: 'dark' });
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await view.send({ type: 'traffic', splits: trafficSplit(mesh.index), title: 'Traffic split · examples' });
  await waitForRender(view.page, 1);
  await view.page.fill('#sim-host', 'reviews');
  await view.page.fill('#sim-path', '/reviews/1');
  await view.page.fill('#sim-headerText', 'end-user=jason');
  await view.page.fill('#sim-sourceNamespace', 'bookinfo');
  await view.page.click('#simulate-run');
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'simulate'));
  const request = (await posted(view)).find((m) => m.type === 'simulate');
  assert.ok(request && request.type === 'simulate');
  assert.deepEqual(request.request, { host: 'reviews', path: '/reviews/1', sourceNamespace: 'bookinfo', headers: { 'end-user': 'jason' } });
  const result = simulateRequest(mesh.index, request.request);
  assert.equal(result.match, true);
  await view.send({ type: 'simulation', result });
  await waitForRender(view.page, 2);
  const shown = await view.page.locator('#result').innerText();
  assert.match(shown, new RegExp(`✔ ${result.virtualService} http\\[${result.httpRouteIndex}\\]`));
  assert.deepEqual(await view.violations(), []);
  await view.page.screenshot({ path: path.join(SCREENSHOTS, 'traffic-simulator-dark.png'), fullPage: true });
  await view.page.close();
});

test('simulator form carries protocol, SNI and destination IP; Gateway API answers show route, rule and parent', { skip }, async () => {
  const view = await browser.open('traffic', { theme: 'light' });
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await view.send({ type: 'traffic', splits: [], title: 'Traffic split · gateway-api' });
  await waitForRender(view.page, 1);
  await view.page.fill('#sim-host', 'db.example.com');
  await view.page.fill('#sim-protocol', 'TLS');
  await view.page.fill('#sim-sni', 'db.example.com');
  await view.page.fill('#sim-destinationIp', '10.0.0.7');
  await view.page.click('#simulate-run');
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'simulate'));
  const tls = (await posted(view)).find((m) => m.type === 'simulate');
  assert.ok(tls && tls.type === 'simulate');
  assert.deepEqual(tls.request, { host: 'db.example.com', protocol: 'tls', sni: 'db.example.com', destinationIp: '10.0.0.7' });
  // A gRPC request: the protocol field accepts grpc (any case) and the path carries /<service>/<method>.
  for (const [field, value] of Object.entries({ host: 'grpc.example.com', protocol: 'gRPC', sni: '', destinationIp: '', path: '/helloworld.Greeter/SayHello', gateway: 'infra/grpc-edge' })) await view.page.fill(`#sim-${field}`, value);
  await view.page.click('#simulate-run');
  await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'simulate').length === 2);
  const grpc = (await posted(view)).filter((m) => m.type === 'simulate')[1];
  assert.ok(grpc && grpc.type === 'simulate');
  assert.deepEqual(grpc.request, { host: 'grpc.example.com', protocol: 'grpc', path: '/helloworld.Greeter/SayHello', gateway: 'infra/grpc-edge' });

  // A Gateway API answer from the simulator on the Gateway API table fixture.
  const mesh = loadMesh([path.join(ROOT, 'test', 'fixtures', 'simulate', 'gateway-api.yaml')]);
  const result = simulateRequest(mesh.index, { host: 'shop.example.com', gateway: 'infra/public', port: 80, path: '/cart/checkout' });
  assert.equal(result.match, true);
  assert.ok(result.httpRoute, 'the fixture request matches an HTTPRoute');
  await view.send({ type: 'simulation', result });
  await waitForRender(view.page, 2);
  const shown = await view.page.locator('#result').innerText();
  assert.match(shown, new RegExp(`✔ HTTPRoute ${result.httpRoute} rules\\[${result.ruleIndex}\\]`));
  assert.match(shown, /via Gateway infra\/public/);
  assert.match(shown, /backendRefs/, 'the matched rule is shown as written');
  assert.deepEqual(await view.violations(), []);
  // The form shows the request this answer is for, so the screenshot reads as one simulation.
  const form: Record<string, string> = { host: 'shop.example.com', gateway: 'infra/public', port: '80', path: '/cart/checkout', protocol: 'http', sni: '', destinationIp: '' };
  for (const [field, value] of Object.entries(form)) await view.page.fill(`#sim-${field}`, value);
  await view.page.screenshot({ path: path.join(SCREENSHOTS, 'traffic-simulator-gateway-api-light.png'), fullPage: true });
  await view.page.close();
});
