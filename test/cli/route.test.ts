// `meshwright route` and `meshwright test-routes` through the built CLI bundle (dist/cli.cjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
