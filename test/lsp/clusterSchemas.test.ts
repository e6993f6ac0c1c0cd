// Cluster-aware schemas through the language server: a `meshwright/clusterResources` notification carrying
// Istio CRDs (hand-written fixtures in test/fixtures/cluster-crds) changes the diagnostics and hover of open
// documents — newer fields validate, an unserved version is reported, the CRD's own CEL rules run — and a
// notification without CRDs restores the bundled schemas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Hover } from 'vscode-languageserver-protocol';
import { ClusterResourcesNotification, type ClusterCrd } from '../../protocol/lsp.ts';
import { crdSchemaOf } from '../../kube/cluster-reads.ts';
import { repoRoot } from '../helpers/fixtures.ts';
import { startServer, type TestServer } from '../helpers/lspClient.ts';

let server: TestServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server.stop();
});

function crd(name: string): ClusterCrd {
  return crdSchemaOf(parseYaml(readFileSync(path.join(repoRoot(), 'test/fixtures/cluster-crds', `${name}.yaml`), 'utf8')));
}

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews, reviews.shop, reviews.shop.svc]
  http:
  - name: main
    futureRetryBudget:
      maxPercent: 20
    route:
    - destination:
        host: reviews
`;

const DESTINATION_RULE = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
`;

/** A diagnostic's message as text. */
const messageOf = (d: { message: string | { value: string } }) => (typeof d.message === 'string' ? d.message : d.message.value);

/** Schema codes only (the host references are reported by the analysis, with or without a cluster). */
const schemaCodes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => String(d.code)).filter((code) => code.startsWith('MW01')).sort();

test('CRD schemas sent with clusterResources replace the bundled ones, and go away again', async () => {
  const routes = 'untitled:cluster-routes.yaml';
  const rules = 'untitled:cluster-rules.yaml';
  server.open(routes, VIRTUAL_SERVICE, 1);
  server.open(rules, DESTINATION_RULE, 1);
  const bundled = await server.waitForDiagnostics(routes, (p) => p.diagnostics.some((d) => d.code === 'MW0101'));
  assert.ok(bundled.some((d) => d.code === 'MW0101' && messageOf(d).includes('futureRetryBudget')), 'the bundled schema does not know the field');
  assert.deepEqual(schemaCodes(await server.waitForDiagnostics(rules)), []);

  await server.connection.sendNotification(ClusterResourcesNotification, { context: 'test-context', objects: [], crds: [crd('virtualservice-newer'), crd('destinationrule-older')] });
  const withCluster = await server.waitForDiagnostics(routes, (p) => !p.diagnostics.some((d) => d.code === 'MW0101') && p.diagnostics.some((d) => d.code === 'MW0401'));
  assert.ok(withCluster.some((d) => d.code === 'MW0401' && messageOf(d).includes('at most two hosts')), 'the cluster CRD\'s own CEL rule runs');
  const unserved = await server.waitForDiagnostics(rules, (p) => p.diagnostics.some((d) => d.code === 'MW0109'));
  assert.match(messageOf(unserved.find((d) => d.code === 'MW0109')!), /not served as networking\.istio\.io\/v1/);

  const line = VIRTUAL_SERVICE.split('\n').findIndex((l) => l.includes('futureRetryBudget'));
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: routes }, position: { line, character: 8 } })) as Hover | null;
  assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /A test field only this CRD has/);
  const kindHover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: routes }, position: { line: 1, character: 8 } })) as Hover | null;
  assert.match((kindHover?.contents as { value: string } | undefined)?.value ?? '', /Istio 1\.99\.0 \(context "test-context"\)/);

  await server.connection.sendNotification(ClusterResourcesNotification, { objects: [] });
  await server.waitForDiagnostics(routes, (p) => p.diagnostics.some((d) => d.code === 'MW0101') && !p.diagnostics.some((d) => d.code === 'MW0401'));
  await server.waitForDiagnostics(rules, (p) => schemaCodes(p.diagnostics).length === 0);
});
