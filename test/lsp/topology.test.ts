// The topology/traffic/simulator protocol through the built server (dist/server.cjs over stdio): the custom
// requests, the topologyChanged notification after an edit (its latency is measured by bench/topology.ts),
// weight edits as a WorkspaceEdit, and route code lenses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/lspClient.ts';
import { repoRoot } from '../helpers/fixtures.ts';
import {
  SetRouteWeightsRequest, SimulateRequest, TopologyChangedNotification, TopologyRequest, TrafficSplitRequest,
} from '../../protocol/lsp.ts';

const root = repoRoot();
const skip = existsSync(path.join(root, 'dist', 'server.cjs')) ? false : 'dist/server.cjs is not built';
const fixture = path.join(root, 'test', 'fixtures', 'topology', 'bookinfo.yaml');
const uri = 'file:///virtual/bookinfo.yaml';
let server: TestServer;
let changes = 0;
const changeWaiters: (() => void)[] = [];

before(async () => {
  if (skip) return;
  server = await startServer({ initializationOptions: { indexWorkspace: false } });
  server.connection.onNotification(TopologyChangedNotification, () => {
    changes++;
    for (const resolve of changeWaiters.splice(0)) resolve();
  });
  server.open(uri, readFileSync(fixture, 'utf8'));
  await server.waitForDiagnostics(uri);
});
after(async () => {
  if (!skip) await server.stop();
});

test('meshwright/topology returns the graph with source ranges', { skip }, async () => {
  const model = await server.connection.sendRequest(TopologyRequest, {});
  assert.ok(model.nodes.some((n) => n.label === 'reviews v1'));
  assert.match(model.mermaid, /^flowchart LR/);
  const edge = model.edges.find((e) => e.kind === 'route' && e.weight === 75)!;
  assert.equal(edge.source!.uri, uri);
  assert.ok(edge.source!.range && edge.source!.range.start.line > 0);
  const lines = readFileSync(fixture, 'utf8').split('\n');
  assert.match(lines[edge.source!.range!.start.line]!, /destination: \{host: reviews, subset: v1\}/);
  const focused = await server.connection.sendRequest(TopologyRequest, { focus: { service: 'ratings', hops: 1 } });
  assert.deepEqual(focused.nodes.map((n) => n.label).sort(), ['ratings', 'ratings-v1']);
});

test('meshwright/trafficSplit and meshwright/simulateRequest', { skip }, async () => {
  const splits = await server.connection.sendRequest(TrafficSplitRequest, { uri });
  const split = splits.find((s) => s.virtualService === 'bookinfo/reviews' && s.routeIndex === 1)!;
  assert.deepEqual(split.destinations.map((d) => d.weight), [75, 25]);
  assert.ok(split.destinations[0]!.source.range);
  const result = await server.connection.sendRequest(SimulateRequest, { host: 'reviews', sourceNamespace: 'bookinfo', headers: { 'end-user': 'jason' } });
  assert.equal(result.match, true);
  assert.equal(result.httpRouteIndex, 0);
});

test('meshwright/setRouteWeights returns an edit on the weight values only', { skip }, async () => {
  const splits = await server.connection.sendRequest(TrafficSplitRequest, { uri });
  const split = splits.find((s) => s.virtualService === 'bookinfo/reviews' && s.routeIndex === 1)!;
  const edit = await server.connection.sendRequest(SetRouteWeightsRequest, { routeId: split.id, weights: [60, 40] });
  assert.ok(edit?.changes);
  const edits = edit.changes[uri]!;
  assert.deepEqual(edits.map((e) => e.newText), ['60', '40']);
  const lines = readFileSync(fixture, 'utf8').split('\n');
  for (const e of edits) assert.match(lines[e.range.start.line]!.slice(e.range.start.character, e.range.end.character), /^(75|25)$/);
  assert.equal(await server.connection.sendRequest(SetRouteWeightsRequest, { routeId: `${split.id}9`, weights: [60, 40] }), null);
});

test('an edit is followed by topologyChanged and the new weights show up', { skip }, async () => {
  const splits = await server.connection.sendRequest(TrafficSplitRequest, { uri });
  const split = splits.find((s) => s.virtualService === 'bookinfo/reviews' && s.routeIndex === 1)!;
  const edit = (await server.connection.sendRequest(SetRouteWeightsRequest, { routeId: split.id, weights: [60, 40] }))!;
  const before = changes;
  const notified = new Promise<void>((resolve) => changeWaiters.push(resolve));
  server.change(uri, 2, edit.changes![uri]!.slice().reverse().map((e) => ({ range: e.range, text: e.newText })));
  await notified;
  assert.ok(changes > before);
  const model = await server.connection.sendRequest(TopologyRequest, {});
  assert.deepEqual(model.edges.filter((e) => e.kind === 'route' && e.match === 'all traffic' && e.weight !== undefined && e.weight < 100).map((e) => e.weight).sort(), [40, 60]);
});

test('code lenses show each route split', { skip }, async () => {
  const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { command: { title: string } }[];
  assert.ok(lenses.some((l) => /^60% → reviews v1 · 40% → reviews v3 · mirror 5% → reviews v2$/.test(l.command.title)), JSON.stringify(lenses.map((l) => l.command.title)));
});
