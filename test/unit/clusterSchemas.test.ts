// Cluster-aware schemas: hand-written CRD fixtures (test/fixtures/cluster-crds) converted by the shared
// converter and laid over the bundled schemas — newer fields validate, missing ones are unknown, unserved
// versions and new kinds follow the cluster, hover names the installed release, and removing the overlay
// restores the bundle.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { YamlFile } from '../../server/src/model/index.ts';
import { convertCrd, type CrdInput } from '../../server/src/schema/crdConvert.ts';
import { objectMetaDefinitions } from '../../server/src/schema/bundle.ts';
import { CelValidator } from '../../server/src/schema/cel.ts';
import {
  applyDefaults, clusterSchemaOverlay, istioVersionOf, kindInfo, knownKinds, schemaOverlay, setSchemaOverlay, useClusterSchemas, validateDocument,
  type ClusterCrd,
} from '../../server/src/schema/index.ts';
import { hoverAt } from '../../server/src/ide/hover.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { crdSchemaOf } from '../../kube/cluster-reads.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const fixtures = path.join(repoRoot(), 'test/fixtures/cluster-crds');

/** A fixture CRD as the client sends it (the same reduction the cluster read applies). */
function crd(name: string): ClusterCrd {
  return crdSchemaOf(parseYaml(readFileSync(path.join(fixtures, `${name}.yaml`), 'utf8')));
}

const newerVirtualService = () => crd('virtualservice-newer');
const olderDestinationRule = () => crd('destinationrule-older');
const newKind = () => crd('futurefilter-new-kind');

function codes(text: string): string[] {
  const file = new YamlFile('file:///case.yaml', text);
  return file.documents.flatMap((document) => validateDocument(file.uri, document)).map((finding) => `${finding.code} ${finding.path.join('.')}`);
}

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - name: main
    futureRetryBudget:
      maxPercent: 20
    route:
    - destination:
        host: reviews
`;

const DESTINATION_RULE = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`;

afterEach(() => setSchemaOverlay(undefined));

describe('Istio version from CRD labels and annotations', () => {
  it('reads app.kubernetes.io/version, a Helm chart label, or a versioned release label', () => {
    assert.equal(istioVersionOf({ labels: { 'app.kubernetes.io/version': '1.27.3' } }), '1.27.3');
    assert.equal(istioVersionOf({ labels: { release: 'istio', 'helm.sh/chart': 'base-1.20.3' } }), '1.20.3');
    assert.equal(istioVersionOf({ labels: { release: '1.24.0' } }), '1.24.0');
    assert.equal(istioVersionOf({ annotations: { 'app.kubernetes.io/version': 'v1.26.1' } }), '1.26.1');
    assert.equal(istioVersionOf({ labels: { release: 'istio' } }), undefined);
    assert.equal(istioVersionOf({}), undefined);
  });
});

describe('CRD conversion', () => {
  it('wraps the schema as an object kind and derives Meshwright keywords', () => {
    const input: CrdInput = newerVirtualService();
    const [version] = convertCrd(input, { source: 'istio', release: 'test', metaDefs: objectMetaDefinitions() });
    assert.ok(version);
    assert.equal(version.info.apiVersion, 'networking.istio.io/v1');
    assert.equal(version.info.preferredVersion, 'v1');
    assert.equal(version.info.namespaced, true);
    assert.equal(version.info.summary, 'Test routing rules for a host.');
    const root = version.schema.schema;
    assert.deepEqual(root.required, ['apiVersion', 'kind', 'metadata']);
    assert.equal(root.additionalProperties, false);
    const route = (root.properties!.spec!.properties!.http!.items as { properties: Record<string, { [key: string]: unknown }> }).properties;
    assert.equal(route.timeout!['x-mw-format'], 'duration');
    assert.equal(route.futureRetryBudget!.additionalProperties, false);
    assert.ok(root.$defs?.['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'], 'metadata resolves to ObjectMeta');
    assert.deepEqual(version.schema.cel.map((rule) => [rule.path.join('.'), rule.coveredBy]), [['spec.hosts', undefined], ['spec.http.*.timeout', 'MW0106']]);
  });

  it('orders versions like the API server: the most stable served version is preferred', () => {
    const versions = convertCrd(olderDestinationRule(), { source: 'istio', release: 'test', metaDefs: {} });
    assert.deepEqual(versions.map((v) => [v.info.version, v.info.preferredVersion, v.info.storage]), [['v1alpha3', 'v1beta1', false], ['v1beta1', 'v1beta1', true]]);
  });
});

describe('cluster schema overlay', () => {
  it('a newer Istio: its new fields validate (the bundle reports them unknown)', () => {
    assert.deepEqual(codes(VIRTUAL_SERVICE), ['MW0101 spec.http.0.futureRetryBudget']);
    useClusterSchemas('dev', [newerVirtualService()]);
    assert.deepEqual(codes(VIRTUAL_SERVICE), []);
    assert.deepEqual(codes(VIRTUAL_SERVICE.replace('maxPercent: 20', 'maxPercent: 120')), ['MW0112 spec.http.0.futureRetryBudget.maxPercent']);
  });

  it('an older Istio: fields it lacks are unknown, versions it does not serve are reported', () => {
    assert.deepEqual(codes(DESTINATION_RULE('networking.istio.io/v1')), []);
    useClusterSchemas('old', [olderDestinationRule()]);
    assert.deepEqual(codes(DESTINATION_RULE('networking.istio.io/v1beta1')), ['MW0101 spec.trafficPolicy']);
    assert.deepEqual(codes(DESTINATION_RULE('networking.istio.io/v1')), ['MW0109 apiVersion']);
    assert.deepEqual(codes(DESTINATION_RULE('networking.istio.io/v1alpha3')).sort(), ['MW0101 spec.trafficPolicy', 'MW0110 apiVersion']);
    // Kinds the cluster did not send keep their bundled schemas.
    assert.equal(kindInfo('networking.istio.io/v1', 'VirtualService')?.release, 'Istio 1.31');
  });

  it('adds kinds the bundle lacks, with their defaults and CEL rules', () => {
    const filter = 'apiVersion: extensions.istio.io/v1alpha1\nkind: FutureFilter\nmetadata:\n  name: f\nspec:\n  mode: QUICK\n';
    assert.deepEqual(codes(filter), ['MW0109 kind']);
    useClusterSchemas('dev', [newKind()]);
    assert.deepEqual(codes(filter), ['MW0103 spec.mode']);
    assert.ok(knownKinds().some((info) => info.kind === 'FutureFilter'));
    assert.deepEqual(applyDefaults('extensions.istio.io/v1alpha1', 'FutureFilter', { spec: {} }), { spec: { priority: 5 } });
    const validator = new CelValidator({ kinds: {} });
    const outcomes = validator.validate('extensions.istio.io', 'v1alpha1', 'FutureFilter', { spec: { priority: 11 } });
    assert.deepEqual(outcomes.map((outcome) => [outcome.outcome, outcome.message]), [['failed', 'priority must be at most 10']]);
    assert.deepEqual(validator.validate('extensions.istio.io', 'v1alpha1', 'FutureFilter', { spec: {} }), [], 'the default (5) satisfies the rule');
    setSchemaOverlay(undefined);
    assert.deepEqual(validator.validate('extensions.istio.io', 'v1alpha1', 'FutureFilter', { spec: { priority: 11 } }), [], 'gone with the overlay');
  });

  it('the analysis engine evaluates the CEL rules of kinds only the cluster has', () => {
    useClusterSchemas('dev', [newKind()]);
    const file = new YamlFile('file:///future.yaml', 'apiVersion: extensions.istio.io/v1alpha1\nkind: FutureFilter\nmetadata:\n  name: f\n  namespace: default\nspec:\n  priority: 11\n');
    const engine = new WorkspaceAnalysis();
    engine.setFile(file.uri, file.resources, file.text);
    const findings = engine.run().findings.get(file.uri) ?? [];
    assert.deepEqual(findings.map((finding) => `${finding.code} ${finding.path.join('.')}`), ['MW0401 spec'], 'the rule sits on spec');
  });

  it('hover and completion metadata name the installed release', () => {
    useClusterSchemas('dev', [newerVirtualService(), olderDestinationRule(), newKind()]);
    assert.equal(kindInfo('networking.istio.io/v1', 'VirtualService')?.release, 'Istio 1.99.0 (context "dev")');
    assert.equal(kindInfo('networking.istio.io/v1beta1', 'DestinationRule')?.release, 'Istio 1.20.3 (context "dev")');
    assert.equal(kindInfo('extensions.istio.io/v1alpha1', 'FutureFilter')?.release, 'Istio as installed in context "dev"');
    assert.equal(schemaOverlay()?.description, 'Istio 1.20.3, 1.99.0 from context "dev"');
    const text = VIRTUAL_SERVICE;
    const hover = hoverAt(new YamlFile('file:///case.yaml', text), text.indexOf('futureRetryBudget') + 3);
    const markdown = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(markdown, /A test field only this CRD has/);
    const kindHover = hoverAt(new YamlFile('file:///case.yaml', text), text.indexOf('VirtualService') + 2);
    assert.match((kindHover?.contents as { value: string } | undefined)?.value ?? '', /Istio 1\.99\.0/);
  });

  it('goes back to the bundled schemas when the cluster sends none', () => {
    useClusterSchemas('dev', [olderDestinationRule()]);
    assert.equal(codes(DESTINATION_RULE('networking.istio.io/v1'))[0], 'MW0109 apiVersion');
    assert.deepEqual(useClusterSchemas('dev', []), { versions: 0, changed: true });
    assert.deepEqual(useClusterSchemas(undefined, undefined), { versions: 0, changed: false }, 'nothing to undo');
    assert.equal(schemaOverlay(), undefined);
    assert.deepEqual(codes(DESTINATION_RULE('networking.istio.io/v1')), []);
    assert.equal(kindInfo('networking.istio.io/v1', 'DestinationRule')?.release, 'Istio 1.31');
  });

  it('a refresh with the same CRDs changes nothing; different CRDs replace the overlay', () => {
    assert.deepEqual(useClusterSchemas('dev', [newerVirtualService()]), { versions: 1, changed: true });
    const first = schemaOverlay();
    assert.deepEqual(useClusterSchemas('dev', [newerVirtualService()]), { versions: 1, changed: false });
    assert.equal(schemaOverlay(), first);
    assert.deepEqual(useClusterSchemas('other', [newerVirtualService()]), { versions: 1, changed: true }, 'another context');
    assert.deepEqual(useClusterSchemas('other', [newerVirtualService(), newKind()]), { versions: 2, changed: true });
  });

  it('skips CRDs without schemas and uses fresh schema keys for every snapshot', () => {
    const first = clusterSchemaOverlay([newerVirtualService(), { group: 'networking.istio.io', kind: 'Sidecar', versions: [{ name: 'v1', served: true, storage: true }] }], 'dev');
    const second = clusterSchemaOverlay([newerVirtualService()], 'dev');
    assert.deepEqual(first.kinds.map((info) => info.kind), ['VirtualService']);
    assert.notEqual(first.kinds[0]!.schema, second.kinds[0]!.schema);
  });
});
