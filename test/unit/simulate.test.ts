// Table tests for the request simulator: every test/fixtures/simulate/*.yaml holds config plus `cases:` with
// the expected answer inside (VirtualService and http/tls/tcp route index, delegate, HTTPRoute rule, parent,
// destinations, hidden resources, notes); plus unit checks of the matching helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMesh } from '../helpers/mesh.ts';
import { readRouteCases, runRouteCase } from '../../server/src/ide/routeTests.ts';
import { compileRe2, mergeMatches } from '../../server/src/ide/simulate.ts';
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
