// Schema validation through fixtures: every YAML file in test/fixtures/diagnostics/schema carries its expected
// findings as caret comments (see test/helpers/fixtures.ts; a caret cannot sit in column 0, so the fixtures
// avoid findings on top-level keys).
// Plus unit checks of the public schema API: kinds, lookups, formats and validation speed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { YamlFile, spanOf } from '../../server/src/model/index.ts';
import {
  applyDefaults, checkDuration, checkObjectName, precompileValidators, checkQualifiedName, kindInfo, knownKinds, parseDuration, schemaAtPath, schemaFor,
  typeLabel, validateDocument, validateResource, SCHEMA_SOURCES,
} from '../../server/src/schema/index.ts';
import { catalogueEntry } from '../../server/src/analysis/catalogue.ts';
import { assertMatchesFixture, expectedFindings, fixtureFiles, readFixture, repoRoot, type ActualFinding } from '../helpers/fixtures.ts';

const folder = path.join(repoRoot(), 'test/fixtures/diagnostics/schema');

/** Schema findings of a text, positioned the way the LSP layer positions them. */
function actualFindings(text: string): ActualFinding[] {
  const file = new YamlFile('file:///fixture.yaml', text);
  const out: ActualFinding[] = [];
  for (const document of file.documents) {
    for (const finding of validateDocument(file.uri, document)) {
      const span = spanOf(document, finding.path, finding.on ?? 'key');
      const start = file.positionAt(span.start);
      out.push({ line: start.line, startCharacter: start.character, code: finding.code, message: finding.message });
    }
  }
  return out;
}

describe('schema fixtures', () => {
  const files = fixtureFiles(folder);
  it('has fixtures', () => assert.ok(files.length >= 15));
  for (const file of files) {
    it(path.basename(file, '.yaml'), () => {
      const text = readFixture(file);
      // The fixtures also carry the analysis codes the full server reports on them (test/lsp); here only MW01xx.
      assertMatchesFixture(file, text, actualFindings(text), (code) => code.startsWith('MW01'));
    });
  }
  it('covers every MW01xx code with a positive fixture', () => {
    const codes = new Set(files.flatMap((file) => expectedFindings(readFixture(file)).map((finding) => finding.code)));
    for (let n = 101; n <= 115; n++) {
      const code = `MW0${n}`;
      assert.ok(catalogueEntry(code), `${code} in catalogue`);
      assert.ok(codes.has(code), `${code} has a fixture`);
    }
  });
});

describe('schema API', () => {
  it('knows every required kind at every served version', () => {
    const required = [
      'networking.istio.io/v1 VirtualService', 'networking.istio.io/v1beta1 VirtualService', 'networking.istio.io/v1alpha3 VirtualService',
      'networking.istio.io/v1 DestinationRule', 'networking.istio.io/v1 Gateway', 'networking.istio.io/v1 ServiceEntry',
      'networking.istio.io/v1 Sidecar', 'networking.istio.io/v1 WorkloadEntry', 'networking.istio.io/v1 WorkloadGroup',
      'networking.istio.io/v1alpha3 EnvoyFilter', 'networking.istio.io/v1beta1 ProxyConfig',
      'security.istio.io/v1 AuthorizationPolicy', 'security.istio.io/v1beta1 AuthorizationPolicy', 'security.istio.io/v1 PeerAuthentication',
      'security.istio.io/v1 RequestAuthentication', 'telemetry.istio.io/v1 Telemetry', 'telemetry.istio.io/v1alpha1 Telemetry',
      'extensions.istio.io/v1alpha1 WasmPlugin', 'gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 GatewayClass',
      'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1 GRPCRoute', 'gateway.networking.k8s.io/v1beta1 ReferenceGrant',
      'gateway.networking.k8s.io/v1alpha2 TCPRoute', 'gateway.networking.k8s.io/v1alpha2 TLSRoute',
      'v1 Namespace', 'v1 Service', 'v1 ServiceAccount', 'v1 Secret', 'v1 ConfigMap', 'apps/v1 Deployment',
    ];
    for (const pair of required) {
      const [apiVersion, kind] = pair.split(' ') as [string, string];
      const info = kindInfo(apiVersion, kind);
      assert.ok(info?.served, `${pair} is known and served`);
      assert.ok(schemaFor(apiVersion, kind), `${pair} has a schema`);
    }
    assert.ok(knownKinds().length >= required.length);
  });

  it('says where the schemas come from', () => {
    assert.equal(SCHEMA_SOURCES['istioRelease'], 'Istio 1.31');
    const info = kindInfo('networking.istio.io/v1', 'VirtualService')!;
    assert.equal(info.release, 'Istio 1.31');
    assert.equal(info.docsUrl, 'https://istio.io/latest/docs/reference/config/networking/virtual-service/');
    assert.equal(info.preferredVersion, 'v1');
    assert.match(info.summary, /routing/);
  });

  it('walks schemas by object path', () => {
    const root = schemaFor('networking.istio.io/v1', 'VirtualService')!.schema;
    assert.equal(typeLabel(root, schemaAtPath(root, ['spec', 'http', 0, 'timeout'])), 'duration');
    assert.equal(typeLabel(root, schemaAtPath(root, ['spec', 'hosts'])), 'list of string');
    assert.ok(schemaAtPath(root, ['metadata', 'labels'])?.description);
    const deployment = schemaFor('apps/v1', 'Deployment')!.schema;
    assert.equal(typeLabel(deployment, schemaAtPath(deployment, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'])), 'port number');
  });

  it('keeps the CEL rules with their paths', () => {
    const { cel } = schemaFor('networking.istio.io/v1', 'VirtualService')!;
    assert.ok(cel.length > 0);
    assert.ok(cel.some((rule) => rule.coveredBy === 'MW0106' && rule.path.includes('timeout')));
  });

  it('applies schema defaults the way the API server does', () => {
    const input = { spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] } };
    const out = applyDefaults('gateway.networking.k8s.io/v1', 'HTTPRoute', input) as typeof input;
    assert.deepEqual(out.spec.parentRefs[0], { name: 'gw', group: 'gateway.networking.k8s.io', kind: 'Gateway' });
    assert.deepEqual(out.spec.rules[0]!.backendRefs[0], { name: 'svc', port: 80, group: '', kind: 'Service', weight: 1 });
    assert.deepEqual(input.spec.parentRefs[0], { name: 'gw' }, 'input unchanged');
  });

  it('parses durations, names and label keys', () => {
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('1h2m'), 3_720_000);
    assert.equal(parseDuration('100ms'), 100);
    assert.equal(parseDuration('10'), undefined);
    assert.equal(checkDuration('0s')?.includes('1ms'), true);
    assert.equal(checkObjectName('reviews.v1', 'subdomain'), undefined);
    assert.notEqual(checkObjectName('reviews.v1', 'label'), undefined);
    assert.equal(checkQualifiedName('app.kubernetes.io/name'), undefined);
    assert.notEqual(checkQualifiedName('a/b/c'), undefined);
  });

  it('precompiles validators once', () => {
    const kinds = [{ apiVersion: 'v1', kind: 'LimitRange' }, { apiVersion: 'nope/v1', kind: 'Nothing' }];
    assert.equal(precompileValidators(kinds), 1, 'LimitRange compiled; unknown kinds skipped');
    assert.equal(precompileValidators(kinds), 0, 'already compiled');
  });

  it('validates 5,000 resources at about 10 µs each', () => {
    const doc = (i: number) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs-${i}\n  namespace: ns-${i % 20}\nspec:\n  hosts: [svc-${i}]\n  http:\n  - timeout: 2s\n    route:\n    - destination: {host: svc-${i}, subset: v1, port: {number: 9080}}\n      weight: 100\n`;
    const file = new YamlFile('file:///bench.yaml', Array.from({ length: 5000 }, (_, i) => doc(i)).join('---\n'));
    for (const resource of file.resources.slice(0, 50)) validateResource(resource); // compile + warm up
    // CPU time rather than wall time: the budget is about this code, not about other processes on the machine.
    const wall = performance.now();
    const cpu = process.cpuUsage();
    let findings = 0;
    for (const resource of file.resources) findings += validateResource(resource).length;
    const used = process.cpuUsage(cpu);
    const perResource = (used.user + used.system) / file.resources.length;
    const perResourceWall = ((performance.now() - wall) * 1000) / file.resources.length;
    assert.equal(findings, 0);
    // Budget ~10 µs; the assertion leaves room for slow shared CI machines.
    assert.ok(perResource < 100, `validateResource took ${perResource.toFixed(1)} µs CPU per resource`);
    console.log(`# validateResource: ${perResource.toFixed(1)} µs CPU (${perResourceWall.toFixed(1)} µs wall) per VirtualService (5,000)`);
  });
});
