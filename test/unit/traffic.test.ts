// Traffic splits, weight edits (exact ranges, total kept at 100, missing keys inserted) and code lens titles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMesh } from '../helpers/mesh.ts';
import { balanceWeights, trafficSplit, weightEdits } from '../../server/src/ide/traffic.ts';
import { codeLensesFor, lensTitle } from '../../server/src/ide/codeLens.ts';
import { YamlFile } from '../../server/src/model/index.ts';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex.ts';
import type { TextEdit } from 'vscode-languageserver-types';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'traffic', 'reviews.yaml');

function applyEdits(file: YamlFile, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => file.offsetAt(b.range.start) - file.offsetAt(a.range.start));
  let text = file.text;
  for (const edit of sorted) text = text.slice(0, file.offsetAt(edit.range.start)) + edit.newText + text.slice(file.offsetAt(edit.range.end));
  return text;
}

test('traffic split lists every route with effective weights', () => {
  const { index } = loadMesh([fixture]);
  const splits = trafficSplit(index);
  assert.deepEqual(splits.map((s) => `${s.protocol}[${s.routeIndex}] ${s.destinations.map((d) => `${d.subset ?? d.port}=${d.weight}${d.written ? '' : '*'}`).join(',')} total ${s.total}`), [
    'http[0] v1=75,v2=25 total 100',
    'http[1] v1=0*,v2=0* total 0',
    'http[2] v1=0*,v3=100 total 100',
    'tcp[0] 9000=100* total 100',
  ]);
  assert.equal(splits[0]!.virtualService, 'bookinfo/reviews');
  assert.equal(splits[0]!.destinations[0]!.host, 'reviews.bookinfo.svc.cluster.local');
  assert.deepEqual(splits[0]!.mirror, { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v3', percentage: 10 });
  assert.deepEqual(splits[0]!.destinations[0]!.source.path, ['spec', 'http', 0, 'route', 0, 'weight']);
});

test('weight edits replace exactly the weight values', () => {
  const { files, index } = loadMesh([fixture]);
  const file = files[0]!;
  const split = trafficSplit(index)[0]!;
  const edits = weightEdits(file, split.id, [40, 60])!;
  assert.equal(edits.length, 2);
  for (const edit of edits) {
    const old = file.text.slice(file.offsetAt(edit.range.start), file.offsetAt(edit.range.end));
    assert.match(old, /^\d+$/, 'each edit covers exactly a weight value');
  }
  const updated = new YamlFile(file.uri, applyEdits(file, edits));
  const after = trafficSplit(meshIndex(updated))[0]!;
  assert.deepEqual(after.destinations.map((d) => d.weight), [40, 60]);
  // Nothing else changed.
  assert.equal(applyEdits(file, edits).replace('weight: 40', 'weight: 75').replace('weight: 60', 'weight: 25'), file.text);
});

test('weight edits keep the total at 100 and insert missing keys (block and flow)', () => {
  const { files, index } = loadMesh([fixture]);
  const file = files[0]!;
  const splits = trafficSplit(index);
  const block = weightEdits(file, splits[1]!.id, [1, 2])!; // 33.3/66.7 → 33/67
  const flow = weightEdits(file, splits[2]!.id, [50, 50])!;
  const updated = new YamlFile(file.uri, applyEdits(file, [...block, ...flow]));
  assert.deepEqual(updated.documents[0]!.problems, []);
  const after = trafficSplit(meshIndex(updated));
  assert.deepEqual(after[1]!.destinations.map((d) => [d.weight, d.written]), [[33, true], [67, true]]);
  assert.deepEqual(after[2]!.destinations.map((d) => [d.weight, d.written]), [[50, true], [50, true]]);
  assert.match(updated.text, /            subset: v1\n          weight: 33\n/);
  assert.match(updated.text, /\{destination: \{host: reviews, subset: v1\}, weight: 50\}/);
});

test('weight edits refuse a stale route or a wrong number of weights', () => {
  const { files, index } = loadMesh([fixture]);
  const split = trafficSplit(index)[0]!;
  assert.equal(weightEdits(files[0]!, split.id, [100]), undefined);
  assert.equal(weightEdits(files[0]!, split.id.replace('http[0]', 'http[9]'), [50, 50]), undefined);
  assert.equal(weightEdits(files[0]!, 'garbage', [50, 50]), undefined);
});

test('balanceWeights sums to 100 with integers', () => {
  assert.deepEqual(balanceWeights([1, 1, 1]), [34, 33, 33]);
  assert.deepEqual(balanceWeights([0, 0]), [50, 50]);
  assert.deepEqual(balanceWeights([80, 80]), [50, 50]);
  assert.deepEqual(balanceWeights([100]), [100]);
  for (const weights of [[7, 13, 29], [0, 5], [99, 1, 1, 1]]) assert.equal(balanceWeights(weights).reduce((a, b) => a + b), 100);
});

test('code lenses show the split on each route', () => {
  const { files, index } = loadMesh([fixture]);
  const lenses = codeLensesFor(files[0]!, index);
  assert.deepEqual(lenses.map((l) => l.command!.title), [
    '75% → reviews v1 · 25% → reviews v2 · mirror 10% → reviews v3',
    '0% → reviews v1 · 0% → reviews v2 (total 0%, must be 100)',
    '0% → reviews v1 · 100% → reviews v3',
    '100% → reviews:9000',
  ]);
  assert.equal(lenses[0]!.command!.command, 'meshwright.showTrafficSplit');
  assert.equal(files[0]!.text.split('\n')[lenses[0]!.range.start.line]!.trim(), 'route:');
  assert.equal(lensTitle(trafficSplit(index)[0]!), lenses[0]!.command!.title);
});

function meshIndex(file: YamlFile): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile(file.uri, file.resources);
  return index;
}
