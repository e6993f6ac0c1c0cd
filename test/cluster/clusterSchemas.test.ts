// Purpose: cluster-aware schemas against a real API server — the Istio CRDs read from the test cluster,
// converted at run time, validate exactly like the bundled (build-time) schemas; a hand-written CRD installed
// in the cluster (a kind and release the bundle does not know) is validated by its cluster schema, agrees with
// the API server's own verdict, and reaches the language server through `meshwright/clusterResources`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { readClusterSnapshot, type ClusterSnapshot } from '../../kube/cluster-reads.ts';
import { YamlFile } from '../../server/src/model/index.ts';
import { kindInfo, setSchemaOverlay, useClusterSchemas, validateDocument } from '../../server/src/schema/index.ts';
import { ClusterResourcesNotification } from '../../protocol/lsp.ts';
import { fixtureFiles, repoRoot } from '../helpers/fixtures.ts';
import { startServer } from '../helpers/lspClient.ts';
import { adminClient, testCluster, type TestCluster } from './helpers.ts';

let cluster: TestCluster;

before(async () => {
  cluster = await testCluster();
}, { timeout: 60 * 60_000 });

after(() => setSchemaOverlay(undefined));

function snapshot(): Promise<ClusterSnapshot> {
  return readClusterSnapshot({ trusted: true, kubeconfigPaths: [cluster.kubeconfig], context: cluster.adminContext, requestTimeoutMs: 20_000 });
}

/** Schema findings (code and path) of every document of the schema and analysis fixtures. */
function findingsOfFixtures(): string[] {
  const root = repoRoot();
  const files = [...fixtureFiles(path.join(root, 'test/fixtures/diagnostics/schema')), ...fixtureFiles(path.join(root, 'test/fixtures/analysis'))];
  const out: string[] = [];
  for (const file of files) {
    const yaml = new YamlFile('file:///fixture.yaml', readFileSync(file, 'utf8'));
    for (const document of yaml.documents) {
      for (const finding of validateDocument(yaml.uri, document)) out.push(`${path.relative(root, file)} ${finding.code} ${finding.path.join('.')}`);
    }
  }
  return out;
}

test('Istio CRDs read from the API server validate like the bundled schemas', async () => {
  const read = await snapshot();
  const kinds = read.istioCrds.map((crd) => crd.kind);
  for (const kind of ['VirtualService', 'DestinationRule', 'Gateway', 'AuthorizationPolicy', 'Telemetry']) assert.ok(kinds.includes(kind), `${kind} CRD read`);
  assert.ok(read.istioCrds.every((crd) => crd.versions.some((version) => version.served && version.schema)), 'every CRD comes with its schemas');

  const bundled = findingsOfFixtures();
  assert.ok(bundled.length > 50, 'the fixtures have findings to compare');
  const { versions } = useClusterSchemas(read.context, read.istioCrds);
  assert.ok(versions >= 30, `served versions from the cluster: ${versions}`);
  // The test cluster installs istio.io/api's CRDs, whose labels name no version (release: istio).
  assert.equal(kindInfo('networking.istio.io/v1', 'VirtualService')?.release, `Istio as installed in context "${cluster.adminContext}"`);
  assert.deepEqual(findingsOfFixtures(), bundled);
  setSchemaOverlay(undefined);
});

const CRD_NAME = 'futurefilters.extensions.istio.io';

test('a CRD only the cluster has is validated by its cluster schema, like the API server does', async () => {
  const crd = parseYaml(readFileSync(path.join(repoRoot(), 'test/fixtures/cluster-crds/futurefilter-new-kind.yaml'), 'utf8')) as { metadata: { labels?: Record<string, string> } };
  crd.metadata.labels = { 'app.kubernetes.io/version': '1.99.0' };
  const client = await adminClient(cluster);
  try {
    const created = await client.request('PATCH', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`, {
      query: { fieldManager: 'meshwright-test', force: 'true' },
      body: JSON.stringify(crd),
      contentType: 'application/apply-patch+yaml',
    });
    assert.ok(created.status < 300, `CRD installed: ${created.status} ${created.text}`);
    await waitUntilEstablished(client);

    const read = await snapshot();
    const filter = read.istioCrds.find((entry) => entry.kind === 'FutureFilter');
    assert.ok(filter, 'the new CRD is read');
    assert.equal(filter.labels?.['app.kubernetes.io/version'], '1.99.0');
    useClusterSchemas(read.context, read.istioCrds);
    assert.equal(kindInfo('extensions.istio.io/v1alpha1', 'FutureFilter')?.release, `Istio 1.99.0 (context "${cluster.adminContext}")`);

    const object = (mode: string) => ({ apiVersion: 'extensions.istio.io/v1alpha1', kind: 'FutureFilter', metadata: { name: 'f', namespace: 'default' }, spec: { priority: 3, mode } });
    const codes = (value: unknown) => {
      const file = new YamlFile('file:///f.yaml', JSON.stringify(value));
      return file.documents.flatMap((document) => validateDocument(file.uri, document)).map((finding) => finding.code);
    };
    // The API server's verdict (server-side dry run) and Meshwright's agree, both ways.
    const dryRun = async (value: unknown) =>
      (await client.request('POST', '/apis/extensions.istio.io/v1alpha1/namespaces/default/futurefilters', { query: { dryRun: 'All' }, body: JSON.stringify(value), contentType: 'application/json' })).status;
    assert.equal(await dryRun(object('FAST')), 201);
    assert.deepEqual(codes(object('FAST')), []);
    assert.equal(await dryRun(object('QUICK')), 422);
    assert.deepEqual(codes(object('QUICK')), ['MW0103']);
    setSchemaOverlay(undefined);

    // Through the language server: the snapshot as the VS Code client sends it.
    const server = await startServer();
    try {
      const uri = 'untitled:future-filter.yaml';
      const text = 'apiVersion: extensions.istio.io/v1alpha1\nkind: FutureFilter\nmetadata:\n  name: f\nspec:\n  mode: QUICK\n';
      server.open(uri, text, 1);
      await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'MW0109'));
      await server.connection.sendNotification(ClusterResourcesNotification, { context: read.context, objects: read.objects, crds: read.istioCrds });
      const diagnostics = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'MW0103'));
      assert.ok(!diagnostics.some((d) => d.code === 'MW0109'), 'the kind is known from the cluster');
    } finally {
      await server.stop();
    }
  } finally {
    await client.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
    client.close();
  }
});

async function waitUntilEstablished(client: Awaited<ReturnType<typeof adminClient>>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const response = await client.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
    const conditions = (response.json as { status?: { conditions?: { type: string; status: string }[] } } | undefined)?.status?.conditions ?? [];
    if (conditions.some((condition) => condition.type === 'Established' && condition.status === 'True')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${CRD_NAME} did not become Established within 30 s`);
}
