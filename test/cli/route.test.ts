// `meshwright route` and `meshwright test-routes` through the built CLI bundle (dist/cli.cjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.cjs');
const fixtures = path.join(root, 'test', 'fixtures', 'routes');
const skip = existsSync(cli) ? false : 'dist/cli.cjs is not built (npm test builds it)';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('route prints the matched VirtualService and route as JSON', { skip }, () => {
  const { code, stdout } = run('route', path.join(fixtures, 'passing', 'mesh.yaml'), '--host', 'reviews', '--source-namespace', 'bookinfo', '--header', 'end-user=jason', '--path', '/reviews/7');
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.equal(result.match, true);
  assert.equal(result.virtualService, 'bookinfo/reviews');
  assert.equal(result.httpRouteIndex, 0);
  assert.deepEqual(result.route.fault, { delay: { percentage: { value: 10 }, fixedDelay: '2s' } });
  assert.deepEqual(result.destinations, [{ host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2', weight: 100 }]);
});

test('route through a gateway with port, and no match exits 1', { skip }, () => {
  const dir = path.join(fixtures, 'passing');
  const hit = run('route', dir, '--host', 'bookinfo.example.com', '--gateway', 'bookinfo/bookinfo-gateway', '--port', '80', '--path', '/login', '--method', 'POST');
  assert.equal(hit.code, 0, hit.stderr);
  assert.equal(JSON.parse(hit.stdout).virtualService, 'bookinfo/bookinfo');
  const miss = run('route', dir, '--host', 'bookinfo.example.com', '--gateway', 'bookinfo/bookinfo-gateway', '--path', '/nope');
  assert.equal(miss.code, 1);
  assert.equal(JSON.parse(miss.stdout).match, false);
});

test('route usage errors exit 2', { skip }, () => {
  assert.equal(run('route', '--host').code, 2);
  assert.equal(run('route', fixtures, '--port', 'x', '--host', 'a').code, 2);
  assert.equal(run('route', fixtures).code, 2);
});

test('test-routes passes a correct suite', { skip }, () => {
  const { code, stdout } = run('test-routes', path.join(fixtures, 'passing'));
  assert.equal(code, 0, stdout);
  assert.match(stdout, /✔ jason sees reviews v2 → bookinfo\/reviews http\[0\]/);
  assert.match(stdout, /4 passed, 0 failed/);
});

test('test-routes reports failures readably and exits 1', { skip }, () => {
  const { code, stdout } = run('test-routes', path.join(fixtures, 'failing'));
  assert.equal(code, 1);
  assert.match(stdout, /✘ expects v1 but jason gets v2\n\s+destination: expected reviews subset v1, got reviews\.bookinfo\.svc\.cluster\.local subset v2 100%/);
  assert.match(stdout, /1 passed, 1 failed/);
});

test('route through a Gateway API Gateway prints the HTTPRoute, rule and parent', { skip }, () => {
  const { code, stdout, stderr } = run('route', path.join(fixtures, 'edge'), '--host', 'shop.example.com', '--gateway', 'infra/web', '--path', '/cart/checkout', '--method', 'post');
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(result.httpRoute, 'shop/shop');
  assert.equal(result.ruleIndex, 1);
  assert.equal(result.matchIndex, 0);
  assert.equal(result.virtualService, undefined);
  assert.deepEqual(result.parent, { kind: 'Gateway', ref: 'infra/web', listener: 'http', port: 80, hostname: '*.example.com' });
  assert.deepEqual(result.rule.filters[0].requestHeaderModifier, { set: [{ name: 'x-flow', value: 'checkout' }] });
  assert.deepEqual(result.destinations, [{ host: 'checkout.shop.svc.cluster.local', port: 8080, weight: 100 }]);
});

test('route --sni routes TLS by SNI and --protocol tcp with --destination-ip routes TCP', { skip }, () => {
  const dir = path.join(fixtures, 'edge');
  const tls = run('route', dir, '--host', 'a.secure.example.com', '--sni', 'a.secure.example.com', '--port', '443', '--gateway', 'istio-system/passthrough');
  assert.equal(tls.code, 0, tls.stderr);
  assert.deepEqual(pick(JSON.parse(tls.stdout), 'protocol', 'virtualService', 'tlsRouteIndex'), { protocol: 'tls', virtualService: 'edge/secure', tlsRouteIndex: 0 });
  const tcp = run('route', dir, '--host', 'postgres.db', '--source-namespace', 'shop', '--protocol', 'tcp', '--port=5432', '--destination-ip', '10.0.1.2');
  assert.equal(tcp.code, 0, tcp.stderr);
  assert.deepEqual(pick(JSON.parse(tcp.stdout), 'protocol', 'virtualService', 'tcpRouteIndex'), { protocol: 'tcp', virtualService: 'db/postgres', tcpRouteIndex: 0 });
  const outside = run('route', dir, '--host', 'postgres.db', '--source-namespace', 'shop', '--protocol', 'tcp', '--port', '5432', '--destination-ip', '192.168.0.1');
  assert.equal(JSON.parse(outside.stdout).tcpRouteIndex, 1);
});

test('route lists VirtualServices hidden by exportTo and exits 1', { skip }, () => {
  const { code, stdout } = run('route', path.join(fixtures, 'edge'), '--host', 'postgres.db', '--source-namespace', 'web', '--protocol', 'tcp', '--port', '5432');
  assert.equal(code, 1);
  const result = JSON.parse(stdout);
  assert.equal(result.match, false);
  assert.deepEqual(result.hidden, ['db/postgres is not exported to namespace web (exportTo: [., shop])']);
});

test('route rejects bad --protocol, --destination-ip and --sni with a non-TLS protocol', { skip }, () => {
  const dir = path.join(fixtures, 'edge');
  const badProtocol = run('route', dir, '--host', 'a', '--protocol', 'udp');
  assert.equal(badProtocol.code, 2);
  assert.match(badProtocol.stderr, /--protocol needs http, grpc, tls or tcp/);
  const badIp = run('route', dir, '--host', 'a', '--destination-ip', '10.0.0.300');
  assert.equal(badIp.code, 2);
  assert.match(badIp.stderr, /--destination-ip needs an IPv4 or IPv6 address/);
  const sniTcp = run('route', dir, '--host', 'a', '--sni', 'a', '--protocol', 'tcp');
  assert.equal(sniTcp.code, 2);
  assert.match(sniTcp.stderr, /--sni is for TLS requests/);
});

test('route --help documents the new flags', { skip }, () => {
  const { code, stdout } = run('route', '--help');
  assert.equal(code, 0);
  for (const flag of ['--protocol', '--sni', '--destination-ip', 'httpRoute', 'tlsRouteIndex']) assert.ok(stdout.includes(flag), flag);
});

test('test-routes runs Gateway API, TLS, TCP and exportTo cases', { skip }, () => {
  const { code, stdout } = run('test-routes', path.join(fixtures, 'edge'));
  assert.equal(code, 0, stdout);
  assert.match(stdout, /✔ cart through the Gateway API gateway → HTTPRoute shop\/shop rules\[0\] matches\[0\]/);
  assert.match(stdout, /✔ TLS passthrough by SNI → edge\/secure tls\[0\]/);
  assert.match(stdout, /✔ internal database clients by subnet → db\/postgres tcp\[0\]/);
  assert.match(stdout, /5 passed, 0 failed/);
});

function pick(record: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

test('route --sni through a Gateway API Gateway prints the TLSRoute', { skip }, () => {
  const file = path.join(root, 'test', 'fixtures', 'simulate', 'gateway-api-l4.yaml');
  const { code, stdout, stderr } = run('route', file, '--host', 'a.secure.example.com', '--sni', 'a.secure.example.com', '--port', '443', '--gateway', 'infra/edge');
  assert.equal(code, 0, stderr);
  assert.deepEqual(pick(JSON.parse(stdout), 'protocol', 'tlsRoute', 'ruleIndex'), { protocol: 'tls', tlsRoute: 'apps/secure-a', ruleIndex: 0 });
});

test('route --protocol grpc through a Gateway API Gateway prints the GRPCRoute rule', { skip }, () => {
  const config = path.join(root, 'test', 'fixtures', 'simulate', 'grpc-route.yaml');
  const { code, stdout } = run('route', config, '--host', 'grpc.example.com', '--gateway', 'infra/grpc-edge', '--protocol', 'grpc', '--path', '/helloworld.Greeter/SayGoodbye');
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.equal(result.protocol, 'grpc');
  assert.equal(result.grpcRoute, 'shop/greeter');
  assert.equal(result.ruleIndex, 1);
  assert.deepEqual(result.destinations.map((d: { weight: number }) => d.weight), [90, 10]);
});

test('test-routes checks grpcRoute expectations of gRPC cases', { skip }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwright-grpc-routes-'));
  copyFileSync(path.join(root, 'test', 'fixtures', 'simulate', 'grpc-route.yaml'), path.join(dir, 'grpc.yaml'));
  const cases = (expectedRule: number) => [
    'cases:',
    '  - name: SayGoodbye takes the service prefix rule',
    '    request: {host: grpc.example.com, gateway: infra/grpc-edge, protocol: grpc, path: /helloworld.Greeter/SayGoodbye}',
    `    expect: {protocol: grpc, grpcRoute: shop/greeter, ruleIndex: ${expectedRule}}`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'greeter.routes.yaml'), cases(1));
  const passing = run('test-routes', dir);
  assert.equal(passing.code, 0, passing.stdout + passing.stderr);
  assert.match(passing.stdout, /✔ SayGoodbye takes the service prefix rule → GRPCRoute shop\/greeter rules\[1\]/);
  writeFileSync(path.join(dir, 'greeter.routes.yaml'), cases(0));
  const failing = run('test-routes', dir);
  assert.equal(failing.code, 1, failing.stdout + failing.stderr);
  assert.match(failing.stdout, /1 failed/);
});
