// Runs every analysis fixture through the pure analysis layer and compares findings with the caret comments;
// also checks incremental behaviour of the engine (cross-file updates, suppression).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertMatchesFixture, readFixture } from '../helpers/fixtures.ts';
import { ANALYSIS_FIXTURES, CROSS_RESOURCE_CODES, analysisFixtureFiles, analyzeFixtureText } from '../helpers/analysisFixtures.ts';
import { YamlFile } from '../../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { CROSS_RESOURCE_ANALYZERS } from '../../server/src/analysis/crossResourceAnalyzers.ts';
import { catalogueEntry } from '../../server/src/analysis/catalogue.ts';

for (const file of analysisFixtureFiles()) {
  const name = path.relative(ANALYSIS_FIXTURES, file);
  test(`analysis fixture ${name}`, () => {
    const text = readFixture(file);
    assertMatchesFixture(file, text, analyzeFixtureText(`file://${file}`, text), (code) => CROSS_RESOURCE_CODES.has(code));
  });
}

test('every cross-resource code is in the catalogue and has a positive and a negative fixture', () => {
  const files = analysisFixtureFiles().map((f) => path.relative(ANALYSIS_FIXTURES, f));
  for (const code of CROSS_RESOURCE_CODES) {
    catalogueEntry(code);
    const mine = files.filter((f) => f.split(path.sep)[0] === code);
    assert.ok(mine.some((f) => !path.basename(f).startsWith('negative')), `${code}: no positive fixture`);
    assert.ok(mine.some((f) => path.basename(f).startsWith('negative')), `${code}: no negative fixture`);
  }
});

const VS = (subset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: ${subset}}
`;
const DR = (subset: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  subsets:
  - {name: ${subset}, labels: {version: ${subset}}}
`;
const SVC = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  ports: [{name: http, port: 9080}]
`;

test('engine: a DestinationRule edit updates findings in the VirtualService file', () => {
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  const vs = new YamlFile('file:///vs.yaml', VS('v2'));
  const dr = new YamlFile('file:///dr.yaml', DR('v1'));
  engine.setFile(vs.uri, vs.resources, vs.text);
  engine.setFile(dr.uri, dr.resources, dr.text);
  engine.setFile('file:///svc.yaml', new YamlFile('file:///svc.yaml', SVC).resources);
  let result = engine.run();
  assert.deepEqual(result.findings.get(vs.uri)?.map((f) => f.code), ['IST0101']);
  dr.setText(DR('v2'));
  engine.setFile(dr.uri, dr.resources, dr.text);
  result = engine.run();
  assert.ok(result.changedUris.has(vs.uri));
  assert.equal(result.findings.get(vs.uri), undefined);
  // Nothing changed: nothing to republish.
  result = engine.run();
  assert.equal(result.changedUris.size, 0);
  engine.removeFile(dr.uri);
  result = engine.run();
  assert.ok(result.changedUris.has(vs.uri));
  assert.deepEqual(result.findings.get(vs.uri)?.map((f) => f.code), ['IST0101']);
});

test('engine: comment and annotation suppression', () => {
  const commented = VS('v9').replace('  - route:', '  # meshwright-disable-next-line IST0101\n  - route:').replace('    - destination:', '    # meshwright-disable-next-line IST0101\n    - destination:');
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  const file = new YamlFile('file:///vs.yaml', commented);
  engine.setFile(file.uri, file.resources, file.text);
  engine.setFile('file:///svc.yaml', new YamlFile('file:///svc.yaml', SVC).resources);
  assert.equal(engine.run().findings.get(file.uri), undefined);

  const annotated = VS('v9').replace('metadata: {name: reviews, namespace: shop}', 'metadata:\n  name: reviews\n  namespace: shop\n  annotations: {galley.istio.io/analyze-suppress: "IST0101"}');
  const engine2 = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  const file2 = new YamlFile('file:///vs.yaml', annotated);
  engine2.setFile(file2.uri, file2.resources, file2.text);
  engine2.setFile('file:///svc.yaml', new YamlFile('file:///svc.yaml', SVC).resources);
  assert.equal(engine2.run().findings.get(file2.uri), undefined);
});
