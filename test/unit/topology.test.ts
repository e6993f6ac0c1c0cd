// Topology model from fixture meshes: nodes, edges, weights, badges, errors, escaping, scoping, the services and
// namespace views of large meshes, Kubernetes Gateway API routes, and label line breaking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMesh, meshFromTexts } from '../helpers/mesh.ts';
import { generateMeshYaml } from '../helpers/largeMesh.ts';
import { buildTopology, mermaidText, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT } from '../../server/src/ide/topology.ts';
import { EDGE_LINE_LENGTH, LABEL_LINE_LENGTH, packLines } from '../../server/src/ide/topologyMermaid.ts';
import type { Finding } from '../../server/src/model/index.ts';
import type { TopologyModel } from '../../protocol/webview.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'topology');
const bookinfo = loadMesh([path.join(fixtures, 'bookinfo.yaml')]);

function node(model: TopologyModel, label: string) {
  const found = model.nodes.find((n) => n.label === label);
  assert.ok(found, `node ${label} in ${model.nodes.map((n) => n.label).join(', ')}`);
  return found;
}
function edgesBetween(model: TopologyModel, from: string, to: string) {
  return model.edges.filter((e) => e.from === node(model, from).id && e.to === node(model, to).id);
}

test('topology has gateways, services, versions, workloads and externals', () => {
  const model = buildTopology(bookinfo.index, () => []);
  assert.equal(model.aggregated, false);
  assert.equal(node(model, 'bookinfo-gateway').kind, 'ingress');
  assert.equal(node(model, 'reviews').kind, 'service');
  assert.equal(node(model, 'reviews v1').kind, 'version');
  assert.equal(node(model, 'reviews-v2').kind, 'workload');
  assert.equal(node(model, 'api.payments.example').kind, 'external');
  assert.equal(node(model, 'details v9 (no subset)').kind, 'missing');
  for (const n of model.nodes) assert.match(n.id, /^n\d+$/);
  for (const e of model.edges) assert.match(e.id, /^e\d+$/);
});

test('route edges carry weights, match summaries, mirrors and route badges', () => {
  const model = buildTopology(bookinfo.index, () => []);
  const [v1] = edgesBetween(model, 'reviews', 'reviews v1').filter((e) => e.kind === 'route');
  assert.equal(v1!.weight, 75);
  assert.deepEqual(v1!.badges.map((b) => b.text), ['retries 3']);
  const v2 = edgesBetween(model, 'reviews', 'reviews v2');
  assert.deepEqual(v2.map((e) => [e.kind, e.weight, e.match]).sort(), [['mirror', 5, 'all traffic'], ['route', 100, 'header end-user']]);
  assert.deepEqual(v2.find((e) => e.kind === 'route')!.badges.map((b) => b.text), ['fault delay']);
  const [ingress] = edgesBetween(model, 'bookinfo-gateway', 'productpage');
  assert.equal(ingress!.match, 'uri prefix /productpage | uri exact /login');
  assert.deepEqual(ingress!.source!.path, ['spec', 'http', 0, 'route', 0]);
  assert.equal(edgesBetween(model, 'reviews v3', 'reviews-v3')[0]!.kind, 'selects');
  assert.equal(edgesBetween(model, 'details', 'api.payments.example')[0]!.match, 'tcp all traffic');
  assert.match(model.mermaid, /e\d+@-->\|"75#37; #183; retries 3"\|/);
});

test('node badges: circuit breaker, LB, locality failover, TLS, mTLS, authorization, timeouts', () => {
  const model = buildTopology(bookinfo.index, () => []);
  assert.deepEqual(node(model, 'reviews').badges.map((b) => b.text), ['circuit breaker', 'LB LEAST_REQUEST', 'locality failover', 'TLS ISTIO_MUTUAL', 'mTLS STRICT']);
  assert.deepEqual(node(model, 'ratings-v1').badges.map((b) => b.text), ['authz DENY']);
  assert.deepEqual(node(model, 'ratings').badges.map((b) => b.text), ['timeout 3s', 'mTLS STRICT']);
});

test('analysis errors mark the route edge and the node of the resource', () => {
  const details = bookinfo.index.find('VirtualService', 'bookinfo', 'details')!;
  const finding: Finding = { code: 'IST0101', uri: details.uri, document: details.document, path: ['spec', 'http', 0, 'route', 0, 'destination', 'subset'], message: 'subset v9 not found', severity: 'error' };
  const model = buildTopology(bookinfo.index, (uri) => (uri === details.uri ? [finding] : []));
  const [bad] = edgesBetween(model, 'details', 'details v9 (no subset)');
  assert.deepEqual(bad!.errors, ['subset v9 not found']);
  assert.deepEqual(edgesBetween(model, 'details', 'api.payments.example')[0]!.errors, [], 'other routes stay clean');
  const index = model.edges.indexOf(bad!);
  assert.match(model.mermaid, new RegExp(`linkStyle ${index} stroke:#e51400`));
});

test('scope: file, focus with hops, filter', () => {
  const file = buildTopology(bookinfo.index, () => [], { uri: bookinfo.files[0]!.uri });
  assert.ok(file.nodes.length > 5);
  const focus = buildTopology(bookinfo.index, () => [], { focus: { service: 'ratings', hops: 1 } });
  assert.deepEqual(focus.nodes.map((n) => n.label).sort(), ['ratings', 'ratings-v1']);
  const filtered = buildTopology(bookinfo.index, () => [], { filter: 'payments' });
  assert.deepEqual(filtered.nodes.map((n) => n.label).sort(), ['api.payments.example', 'details']);
  const collapsed = buildTopology(bookinfo.index, () => [], { collapseNamespaces: true });
  assert.equal(collapsed.aggregated, true);
  assert.deepEqual(collapsed.nodes.map((n) => `${n.label}:${n.count}`).sort(), ['bookinfo:14', 'external:1']);
});

test('labels are encoded with an allow-list: no user text becomes mermaid syntax', () => {
  assert.equal(mermaidText('a"]-->b'), 'a#34;#93;--#62;b');
  assert.equal(mermaidText('%%{init}%%\nclick x'), '#37;#37;#123;init#125;#37;#37; click x');
  assert.equal(mermaidText('<img onerror=x>'), '#60;img onerror=x#62;');
  const hostile = loadMesh([path.join(fixtures, 'hostile.yaml')]);
  const model = buildTopology(hostile.index, () => []);
  const text = model.mermaid;
  for (const forbidden of ['<script', '<img', '<svg', '%%{', 'javascript:window', 'click n', '"]-->', ':::', '</style>', '`', 'classDef a']) {
    assert.ok(!text.includes(forbidden), `mermaid text contains ${forbidden}`);
  }
  // Every line is one of the statements we generate.
  for (const line of text.trim().split('\n')) {
    assert.match(line.trim(), /^(flowchart LR|subgraph ns\d+\["[^"]*"\]|end|n\d+(\[\/|\[\\|\[\[|\(\[|\(|\{\{|\[)"[^"]*"(\\\]|\/\]|\]\]|\]\)|\)|\}\}|\])|n\d+ e\d+@(-->|-\.->)(\|"[^"]*"\|)? n\d+|classDef \w+ [^"]*|class [n\d,]+ \w+|linkStyle [\d,]+ [^"]*)$/, line);
  }
});

test('large meshes collapse by namespace and stay under mermaid limits', () => {
  const mesh = meshFromTexts([{ uri: 'file:///large.yaml', text: generateMeshYaml(500) }]);
  const model = buildTopology(mesh.index, () => []);
  assert.equal(model.aggregated, true);
  assert.ok(model.totals.nodes > 2000, `totals ${JSON.stringify(model.totals)}`);
  assert.equal(model.nodes.length, 9, 'eight namespaces and the external hosts');
  assert.ok(model.edges.length <= MERMAID_MAX_EDGES && model.mermaid.length < MERMAID_MAX_TEXT);
  assert.match(model.note ?? '', /collapsed by namespace/);
  const focused = buildTopology(mesh.index, () => [], { focus: { service: 'svc-00042', hops: 2 } });
  assert.equal(focused.aggregated, false);
  assert.ok(focused.nodes.length >= 5 && focused.nodes.length < 50, `${focused.nodes.length}`);
});

test('Gateway API: gateways with listeners, routes from parentRefs to backendRefs with weight shares', () => {
  const mesh = loadMesh([path.join(fixtures, 'gateway-api.yaml')]);
  const model = buildTopology(mesh.index, () => []);
  const gateway = node(model, 'shop-gateway');
  assert.equal(gateway.kind, 'ingress');
  assert.deepEqual(gateway.badges.map((b) => b.text), ['HTTP:80 shop.example.com', 'HTTPS:443 shop.example.com', 'TLS Terminate', 'TCP:5432']);
  assert.deepEqual(gateway.source!.path, ['metadata', 'name']);
  const [cart] = edgesBetween(model, 'shop-gateway', 'cart');
  assert.equal(cart!.weight, 80);
  assert.equal(cart!.match, 'listener https · host shop.example.com · path prefix /cart, header x-canary');
  assert.deepEqual(cart!.badges.map((b) => b.text), ['timeout 5s']);
  assert.deepEqual(cart!.source!.path, ['spec', 'rules', 0, 'backendRefs', 0]);
  assert.equal(edgesBetween(model, 'shop-gateway', 'cart-next')[0]!.weight, 20);
  assert.equal(edgesBetween(model, 'shop-gateway', 'frontend')[0]!.weight, 100);
  assert.equal(edgesBetween(model, 'shop-gateway', 'catalog')[0]!.match, 'grpc listener http · method shop.Catalog/List');
  assert.equal(edgesBetween(model, 'shop-gateway', 'orders-db')[0]!.match, 'tcp listener db');
  assert.equal(node(model, 'missing-gateway (gateway not found)').kind, 'missing');
  assert.equal(edgesBetween(model, 'missing-gateway (gateway not found)', 'payments')[0]!.match, 'tls host pay.example.com');
  assert.match(model.mermaid, /e\d+@-->\|"80#37; #183; listener<br\/>https #183; host<br\/>shop.example.com/);
});

test('Gateway API GAMMA: a route attached to a Service starts at that service, with its mirror', () => {
  const mesh = loadMesh([path.join(fixtures, 'gateway-api.yaml')]);
  const model = buildTopology(mesh.index, () => []);
  assert.deepEqual(edgesBetween(model, 'cart', 'cart-v1').map((e) => [e.kind, e.weight, e.match]), [['route', 90, 'port 8080']]);
  assert.deepEqual(edgesBetween(model, 'cart', 'cart-v2').map((e) => [e.kind, e.weight]), [['route', 10]]);
  assert.deepEqual(edgesBetween(model, 'cart', 'cart-shadow').map((e) => [e.kind, e.weight]), [['mirror', 5]]);
  assert.equal(model.nodes.filter((n) => n.label === 'cart').length, 1, 'the GAMMA parent is the Service node itself');
});

test('the example Gateway API ingress is drawn next to the Istio one', () => {
  const examples = path.join(fixtures, '..', '..', '..', 'examples', 'bookinfo');
  const mesh = loadMesh([path.join(examples, 'gateway-api.yaml'), path.join(examples, 'app.yaml')]);
  const model = buildTopology(mesh.index, () => []);
  const [edge] = edgesBetween(model, 'bookinfo-gateway-api', 'productpage');
  assert.ok(edge, 'the HTTPRoute edge');
  assert.match(edge.match ?? '', /host gateway-api.bookinfo.example.com · path exact \/productpage \| path prefix \/static/);
  assert.deepEqual(edge.badges.map((b) => b.text), ['timeout 10s']);
});

test('medium meshes fold versions and workloads into their services; focus expands one service', () => {
  const mesh = meshFromTexts([{ uri: 'file:///medium.yaml', text: generateMeshYaml(40) }]);
  const model = buildTopology(mesh.index, () => []);
  assert.equal(model.level, 'services');
  assert.equal(model.aggregated, false);
  assert.ok(model.totals.nodes > 150, `totals ${JSON.stringify(model.totals)}`);
  assert.deepEqual(model.nodes.filter((n) => n.kind === 'version' || n.kind === 'workload'), []);
  const service = node(model, 'svc-00001');
  assert.deepEqual(service.badges.map((b) => b.text), ['2 versions, 2 workloads', 'circuit breaker', 'split v1 90% v2 10%']);
  assert.match(model.note ?? '', /folded into their services/);
  // Routes to versions became routes to services; no self loops; nothing mermaid cannot draw quickly.
  for (const edge of model.edges) assert.notEqual(edge.from, edge.to);
  assert.ok(model.nodes.length <= 150 && model.edges.length <= 250);
  const focused = buildTopology(mesh.index, () => [], { focus: { service: 'svc-00001', hops: 1 } });
  assert.equal(focused.level, 'detailed');
  assert.ok(focused.nodes.some((n) => n.label === 'svc-00001 v2'));
  const forced = buildTopology(loadMesh([path.join(fixtures, 'bookinfo.yaml')]).index, () => [], { collapseVersions: true });
  assert.equal(forced.level, 'services');
  assert.ok(forced.nodes.some((n) => n.label === 'details v9 (no subset)'), 'a version only a route names stays visible');
});

test('labels are broken into short lines so mermaid does not re-wrap them', () => {
  assert.deepEqual(packLines(['80%', 'uri prefix /productpage', 'timeout 10s']), ['80% · uri prefix /productpage ·', 'timeout 10s']);
  assert.deepEqual(packLines(['productpage.bookinfo.svc.cluster.local'], 20), ['productpage.', 'bookinfo.svc.', 'cluster.local']);
  const mesh = loadMesh([path.join(fixtures, 'bookinfo.yaml'), path.join(fixtures, 'gateway-api.yaml')]);
  const model = buildTopology(mesh.index, () => []);
  const decode = (text: string) => text.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
  for (const line of model.mermaid.split('\n')) {
    const label = /\|"([^"]*)"\|/.exec(line)?.[1];
    if (label) for (const part of label.split('<br/>')) assert.ok([...decode(part)].length <= EDGE_LINE_LENGTH + 2, `edge label line "${decode(part)}"`);
    const nodeText = /^\s*n\d+\W+"([^"]*)"/.exec(line)?.[1];
    if (nodeText) for (const part of nodeText.split('<br/>')) assert.ok([...decode(part)].length <= LABEL_LINE_LENGTH + 2, `node label line "${decode(part)}"`);
  }
});
