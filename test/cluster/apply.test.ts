// Purpose: the apply engine against a real kube-apiserver — create, update, unchanged, dry-run that writes
// nothing, all-or-nothing preflight over 50 documents, namespace defaulting, strict unknown-field rejection,
// conflicts (never forced without asking), missing CRDs, and admission rejections.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import YAML from 'yaml';
import { runApply } from '../../kube/apply.ts';
import type { ApplyRequest, KubeObject } from '../../kube/types.ts';
import { adminApply, adminGet, createNamespace, service, testCluster, uniqueName, virtualService, yamlOf, type TestCluster } from './helpers.ts';

let cluster: TestCluster;

function request(text: string, extra: Partial<ApplyRequest> = {}): ApplyRequest {
  return {
    trusted: true,
    mode: 'apply',
    sources: [{ source: 'test.yaml', text }],
    kubeconfigPaths: [cluster.kubeconfig],
    context: cluster.adminContext,
    ...extra,
  };
}

before(async () => {
  cluster = await testCluster();
}, { timeout: 60 * 60_000 });

describe('apply against a real API server', { timeout: 120_000 }, () => {
  test('create, then unchanged, then update', async () => {
    const namespace = uniqueName('mw-create');
    await createNamespace(cluster, namespace);
    const text = yamlOf(service('reviews', namespace), virtualService('reviews', namespace, 'reviews'));

    const created = await runApply(request(text));
    assert.equal(created.outcome, 'applied', created.summary);
    assert.deepEqual(created.rows.map((row) => row.action), ['created', 'created']);
    assert.equal(created.wroteAnything, true);
    const live = await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/reviews`);
    const managers = ((live?.metadata?.managedFields ?? []) as { manager: string; operation: string }[]).map((entry) => `${entry.manager}:${entry.operation}`);
    assert.ok(managers.includes('meshwright:Apply'), `managed by meshwright: ${managers.join(', ')}`);
    const vs = await adminGet(cluster, `/apis/networking.istio.io/v1/namespaces/${namespace}/virtualservices/reviews`);
    assert.equal((vs?.spec as { hosts: string[] }).hosts[0], 'reviews');

    const again = await runApply(request(text));
    assert.equal(again.outcome, 'applied', again.summary);
    assert.deepEqual(again.rows.map((row) => row.action), ['unchanged', 'unchanged']);
    const liveAgain = await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/reviews`);
    assert.equal(liveAgain?.metadata?.resourceVersion, live?.metadata?.resourceVersion);

    const changed = yamlOf(service('reviews', namespace, 9080), virtualService('reviews', namespace, 'reviews'));
    const updated = await runApply(request(changed));
    assert.equal(updated.outcome, 'applied', updated.summary);
    assert.deepEqual(updated.rows.map((row) => row.action), ['configured', 'unchanged']);
    const liveUpdated = await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/reviews`);
    assert.equal((liveUpdated?.spec as { ports: { port: number }[] }).ports[0]!.port, 9080);
  });

  test('dry-run writes nothing, for new and for changed objects', async () => {
    const namespace = uniqueName('mw-dryrun');
    await createNamespace(cluster, namespace);
    await runApply(request(yamlOf(service('existing', namespace))));
    const before = await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/existing`);

    const result = await runApply(request(yamlOf(service('existing', namespace, 8080), service('brand-new', namespace)), { mode: 'dry-run' }));
    assert.equal(result.outcome, 'dry-run', result.summary);
    assert.deepEqual(result.rows.map((row) => row.action), ['configured', 'created']);
    assert.equal(result.wroteAnything, false);
    assert.equal(await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/brand-new`), undefined);
    const after = await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/existing`);
    assert.equal(after?.metadata?.resourceVersion, before?.metadata?.resourceVersion);
    assert.equal((after?.spec as { ports: { port: number }[] }).ports[0]!.port, 80);
  });

  test('a 50-document file with one invalid object writes nothing and reports 50 rows', async () => {
    const namespace = uniqueName('mw-fifty');
    await createNamespace(cluster, namespace);
    const objects: KubeObject[] = [];
    for (let index = 0; index < 50; index++) {
      objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${index}`, namespace }, data: { index: String(index) } });
    }
    objects[31] = service('bad-port', namespace, 99999);
    const result = await runApply(request(yamlOf(...objects)));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.wroteAnything, false);
    assert.equal(result.rows.length, 50);
    const failed = result.rows.filter((row) => row.action === 'failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.position, 32);
    assert.equal(failed[0]!.documentNumber, 32);
    assert.equal(failed[0]!.failure?.kind, 'invalid');
    assert.match(failed[0]!.failure!.message, /99999|port/i);
    assert.ok(failed[0]!.line > 1, 'the failing row points at its line');
    assert.equal(result.rows.filter((row) => row.action === 'not-applied').length, 49);
    const list = await adminGet(cluster, `/api/v1/namespaces/${namespace}/configmaps`);
    const names = ((list as { items: KubeObject[] }).items ?? []).map((item) => item.metadata?.name);
    assert.deepEqual(names.filter((name) => String(name).startsWith('config-')), []);
  });

  test('namespace defaulting follows kubectl: flag, then context namespace, then "default"', async () => {
    const target = uniqueName('mw-ns');
    const contextNamespace = uniqueName('mw-ctxns');
    await createNamespace(cluster, target);
    await createNamespace(cluster, contextNamespace);

    const withFlag = await runApply(request(yamlOf(service('defaulted', undefined)), { namespace: target }));
    assert.equal(withFlag.outcome, 'applied', withFlag.summary);
    assert.equal(withFlag.rows[0]!.namespace, target);
    assert.equal(withFlag.rows[0]!.namespaceDefaulted, true);
    assert.ok(await adminGet(cluster, `/api/v1/namespaces/${target}/services/defaulted`));

    const mismatch = await runApply(request(yamlOf(service('elsewhere', contextNamespace)), { namespace: target }));
    assert.equal(mismatch.outcome, 'failed');
    assert.equal(mismatch.rows[0]!.failure?.kind, 'namespace-mismatch');
    assert.equal(await adminGet(cluster, `/api/v1/namespaces/${contextNamespace}/services/elsewhere`), undefined);

    // A kubeconfig whose context names a namespace: objects without one land there.
    const config = YAML.parse(fs.readFileSync(cluster.kubeconfig, 'utf8')) as { contexts: { name: string; context: Record<string, string> }[] };
    for (const entry of config.contexts) if (entry.name === cluster.adminContext) entry.context.namespace = contextNamespace;
    const kubeconfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mw-kc-')), 'config');
    fs.writeFileSync(kubeconfig, YAML.stringify(config), { mode: 0o600 });
    const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: uniqueName('mw-role') }, rules: [] };
    const viaContext = await runApply(request(yamlOf(service('from-context', undefined), clusterRole), { kubeconfigPaths: [kubeconfig] }));
    assert.equal(viaContext.outcome, 'applied', viaContext.summary);
    assert.equal(viaContext.rows[0]!.namespace, contextNamespace);
    assert.equal(viaContext.rows[1]!.namespace, undefined, 'cluster-scoped kinds never get a namespace');
    assert.ok(await adminGet(cluster, `/api/v1/namespaces/${contextNamespace}/services/from-context`));
  });

  test('unknown fields are rejected by strict validation, on built-in kinds and on Istio kinds', async () => {
    const namespace = uniqueName('mw-strict');
    await createNamespace(cluster, namespace);
    const typo = service('typo', namespace);
    (typo.spec as Record<string, unknown>).prots = [{ port: 81 }];
    const istioTypo = virtualService('typo', namespace, 'typo');
    (istioTypo.spec as Record<string, unknown>).htpp = [];
    const result = await runApply(request(yamlOf(typo, istioTypo)));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.wroteAnything, false);
    assert.equal(result.rows[0]!.failure?.kind, 'unknown-field', JSON.stringify(result.rows[0]));
    assert.match(result.rows[0]!.failure!.message, /prots/);
    assert.equal(result.rows[1]!.failure?.kind, 'unknown-field', JSON.stringify(result.rows[1]));
    assert.match(result.rows[1]!.failure!.message, /htpp/);
    assert.equal(await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/typo`), undefined);
  });

  test('a field conflict is reported with its owner and never forced unless asked', async () => {
    const namespace = uniqueName('mw-conflict');
    await createNamespace(cluster, namespace);
    await adminApply(cluster, `/api/v1/namespaces/${namespace}/services/shared`, service('shared', namespace, 80), 'other-team');

    // Same port, different targetPort: both managers want the same scalar field.
    const result = await runApply(request(yamlOf(service('shared', namespace, 80, 8080))));
    assert.equal(result.outcome, 'conflict', `${result.summary} ${JSON.stringify(result.rows[0]?.failure)}`);
    const failure = result.rows[0]!.failure!;
    assert.equal(failure.kind, 'conflict');
    assert.equal(failure.status, 409);
    assert.ok(failure.causes?.some((cause) => cause.manager === 'other-team'), JSON.stringify(failure));
    assert.match(failure.message, /other-team/);
    assert.ok(failure.causes?.some((cause) => /targetPort/.test(cause.field ?? '')), JSON.stringify(failure.causes));
    let live = await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/shared`);
    assert.equal((live?.spec as { ports: { targetPort: number }[] }).ports[0]!.targetPort, 80);

    const forced = await runApply(request(yamlOf(service('shared', namespace, 80, 8080)), { force: true }));
    assert.equal(forced.outcome, 'applied', forced.summary);
    assert.equal(forced.rows[0]!.action, 'configured');
    live = await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/shared`);
    assert.equal((live?.spec as { ports: { targetPort: number }[] }).ports[0]!.targetPort, 8080);
  });

  test('missing CRDs get a precise message', async () => {
    const namespace = uniqueName('mw-crd');
    await createNamespace(cluster, namespace);
    const sail = { apiVersion: 'sailoperator.istio.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: { version: 'v1.31.0' } };
    const wrongVersion = { ...virtualService('future', namespace, 'future'), apiVersion: 'networking.istio.io/v9' };
    const gatewayless = { apiVersion: 'gateway.networking.x-k8s.io/v1alpha1', kind: 'XBackendTrafficPolicy', metadata: { name: 'x', namespace } };
    const result = await runApply(request(yamlOf(sail, wrongVersion, gatewayless)));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.rows[0]!.failure?.kind, 'missing-kind');
    assert.match(result.rows[0]!.failure!.message, new RegExp(`Istio is not installed in context "${cluster.adminContext}"`));
    assert.match(result.rows[1]!.failure!.message, /serves networking\.istio\.io only as .*v1/);
    assert.match(result.rows[2]!.failure!.message, /does not serve XBackendTrafficPolicy/);
  });

  test('admission rejections are reported as such (ValidatingAdmissionPolicy)', async () => {
    const namespace = uniqueName('mw-admission');
    await createNamespace(cluster, namespace);
    const policyName = 'meshwright-test-deny-label';
    await adminApply(cluster, `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${policyName}`, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: policyName },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }] },
        validations: [{ expression: "!has(object.metadata.labels) || !('meshwright-deny' in object.metadata.labels)", message: 'configmaps labelled meshwright-deny are refused' }],
      },
    }, 'meshwright-test-setup');
    await adminApply(cluster, `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${policyName}`, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: policyName },
      spec: { policyName, validationActions: ['Deny'] },
    }, 'meshwright-test-setup');
    const denied = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'denied', namespace, labels: { 'meshwright-deny': 'yes' } }, data: { a: 'b' } };
    // The policy takes effect once the API server has loaded it: wait on that condition, bounded.
    const deadline = Date.now() + 30_000;
    let result = await runApply(request(yamlOf(denied), { mode: 'dry-run' }));
    while (result.outcome !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      result = await runApply(request(yamlOf(denied), { mode: 'dry-run' }));
    }
    assert.equal(result.rows[0]!.failure?.kind, 'admission', JSON.stringify(result.rows[0]));
    assert.match(result.rows[0]!.failure!.message, /admission control.*meshwright-deny are refused/s);
  });

  test('Namespaces and CRDs in the same file are applied first, then what depends on them', async () => {
    const namespace = uniqueName('mw-order');
    const group = `${namespace}.example.com`;
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    };
    const widget = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace }, spec: { size: 3 } };
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
    // Reverse dependency order on purpose.
    const result = await runApply(request(yamlOf(widget, service('svc', namespace), crd, ns)));
    assert.equal(result.outcome, 'applied', `${result.summary}\n${JSON.stringify(result.rows, null, 1)}`);
    assert.deepEqual(result.rows.map((row) => row.action), ['created', 'created', 'created', 'created']);
    assert.ok(await adminGet(cluster, `/apis/${group}/v1/namespaces/${namespace}/widgets/w`));
  });
});
