// Table tests for the request simulator: every test/fixtures/simulate/*.yaml holds config plus `cases:` with
// the expected answer inside (VirtualService and http/tls/tcp route index, delegate, HTTPRoute rule, parent,
// destinations, hidden resources, notes); plus unit checks of the matching helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadMesh } from '../helpers/mesh.ts';
import { readRouteCases, runRouteCase } from '../../server/src/ide/routeTests.ts';
import { compileRe2, mergeMatches, simulateRequest } from '../../server/src/ide/simulate.ts';
import { cidrContains, parseIp } from '../../server/src/ide/simulateShared.ts';
import { hostnameScore, pathPrefixMatches, selectorMatches } from '../../server/src/ide/simulateGatewayApi.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'simulate');

for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const { files, index } = loadMesh([path.join(dir, name)]);
  const casesDocument = files[0]!.documents.find((d) => !d.resource && d.value && typeof d.value === 'object');
  const { cases, problems } = readRouteCases(casesDocument?.value);
  test(`simulate fixture ${name} is well formed`, () => {
    assert.deepEqual(problems, []);
    assert.ok(cases.length > 0, 'fixture has cases');
  });
  for (const testCase of cases) {
    test(`simulate ${name.replace(/\.yaml$/, '')}: ${testCase.name}`, () => {
      const outcome = runRouteCase(index, testCase);
      assert.deepEqual(outcome.failures, [], JSON.stringify(outcome.result, null, 2));
    });
  }
}

test('RE2 patterns are anchored and refuse lookaround', () => {
  assert.equal(compileRe2('a+')!.test('aaa'), true);
  assert.equal(compileRe2('a+')!.test('baaa'), false);
  assert.equal(compileRe2('(?=a)a'), undefined);
  assert.equal(compileRe2('(?i)abc')!.test('ABC'), true);
  assert.equal(compileRe2('/api\\-v1')!.test('/api-v1'), true);
});

test('delegate merge keeps leaf matches inside the root and drops the rest', () => {
  const root = [{ uri: { prefix: '/a' } }];
  assert.deepEqual(mergeMatches(root, [{ uri: { prefix: '/a/b' } }]), [{ uri: { prefix: '/a/b' } }]);
  assert.equal(mergeMatches(root, [{ uri: { prefix: '/b' } }]), undefined);
  assert.deepEqual(mergeMatches(root, [{ headers: { x: { exact: '1' } } }]), [{ headers: { x: { exact: '1' } }, uri: { prefix: '/a' } }]);
  assert.equal(mergeMatches([{ uri: { regex: '/a.*' } }], [{ uri: { prefix: '/a' } }]), undefined);
  assert.deepEqual(mergeMatches([], [{ port: 80 }]), [{ port: 80 }]);
});

test('CIDR membership for IPv4 and IPv6, bare addresses, and garbage', () => {
  assert.equal(cidrContains('10.0.0.0/16', '10.0.255.1'), true);
  assert.equal(cidrContains('10.0.0.0/16', '10.1.0.1'), false);
  assert.equal(cidrContains('0.0.0.0/0', '192.168.1.1'), true);
  assert.equal(cidrContains('10.9.0.1', '10.9.0.1'), true);
  assert.equal(cidrContains('10.9.0.1', '10.9.0.2'), false);
  assert.equal(cidrContains('2001:db8::/32', '2001:db8:1::5'), true);
  assert.equal(cidrContains('2001:db8::/32', '2001:db9::5'), false);
  assert.equal(cidrContains('10.0.0.0/16', '2001:db8::1'), false);
  assert.equal(cidrContains('10.0.0.0/33', '10.0.0.1'), false);
  assert.equal(parseIp('256.1.1.1'), undefined);
  assert.equal(parseIp('1:2:3'), undefined);
  assert.equal(parseIp('::1')?.value, 1n);
});

test('Gateway API path prefixes are segment-wise', () => {
  assert.equal(pathPrefixMatches('/abc', '/abc'), true);
  assert.equal(pathPrefixMatches('/abc', '/abc/'), true);
  assert.equal(pathPrefixMatches('/abc', '/abc/def'), true);
  assert.equal(pathPrefixMatches('/abc', '/abcd'), false);
  assert.equal(pathPrefixMatches('/abc/', '/abc'), true);
  assert.equal(pathPrefixMatches('/', '/anything'), true);
});

test('Gateway API hostnames: exact beats wildcard, longer wildcard beats shorter, no bare-domain match', () => {
  assert.ok(hostnameScore('a.example.com', 'a.example.com') > hostnameScore('*.example.com', 'a.example.com'));
  assert.ok(hostnameScore('*.a.example.com', 'x.a.example.com') > hostnameScore('*.example.com', 'x.a.example.com'));
  assert.equal(hostnameScore('*.example.com', 'example.com'), -1);
  assert.equal(hostnameScore(undefined, 'anything'), 0);
  assert.equal(hostnameScore('a.example.com', 'b.example.com'), -1);
});

test('label selectors with matchLabels and matchExpressions', () => {
  const labels = { team: 'a', tier: 'web' };
  assert.equal(selectorMatches(undefined, labels), true);
  assert.equal(selectorMatches({ matchLabels: { team: 'a' } }, labels), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, labels), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, labels), false);
});

test('any request over every fixture gets a well-formed answer and never throws', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f));
  const { index } = loadMesh(files);
  const word = fc.constantFrom('shop', 'a', 'reviews', 'secure', 'example', 'com', 'bookinfo', 'db', '*', '', 'x-y');
  const request = fc.record({
    host: fc.array(word, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
    port: fc.option(fc.constantFrom(80, 443, 5432, 8080, 8443, 9080), { nil: undefined }),
    path: fc.option(fc.array(fc.constantFrom('cart', 'api', 'items', '42', '', '%zz', '?v=2'), { maxLength: 4 }).map((p) => `/${p.join('/')}`), { nil: undefined }),
    method: fc.option(fc.constantFrom('GET', 'POST', 'delete'), { nil: undefined }),
    gateway: fc.option(fc.constantFrom('mesh', 'infra/public', 'public', 'istio-system/edge', 'infra/edge', 'edge', 'nowhere/gw'), { nil: undefined }),
    sourceNamespace: fc.option(fc.constantFrom('default', 'shop', 'team-a', 'bookinfo', 'billing'), { nil: undefined }),
    protocol: fc.option(fc.constantFrom('http' as const, 'tls' as const, 'tcp' as const), { nil: undefined }),
    destinationIp: fc.option(fc.constantFrom('10.0.0.1', '2001:db8::1', 'nonsense'), { nil: undefined }),
  }, { requiredKeys: ['host'] });
  fc.assert(fc.property(request, (raw) => {
    const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as typeof raw;
    const result = simulateRequest(index, clean);
    const named = ['virtualService', 'httpRoute', 'tlsRoute', 'tcpRoute'].filter((key) => (result as unknown as Record<string, unknown>)[key] !== undefined);
    if (result.match) {
      assert.equal(named.length, 1, JSON.stringify(result));
      assert.ok(Array.isArray(result.destinations));
    } else {
      assert.equal(named.length, 0, JSON.stringify(result));
      assert.equal(typeof result.reason, 'string');
    }
  }), { numRuns: 400, seed: 4 });
});
