// Table tests for the request simulator: every test/fixtures/simulate/*.yaml holds config plus `cases:` with
// the expected VirtualService, route index, delegate and destinations inside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMesh } from '../helpers/mesh.ts';
import { readRouteCases, runRouteCase } from '../../server/src/ide/routeTests.ts';
import { compileRe2, mergeMatches } from '../../server/src/ide/simulate.ts';

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
