// Purpose: cancellation (during the dry-run nothing is written; during the apply the rest is not attempted),
// the `meshwright apply|diff` CLI end to end, and cluster reads for cluster-aware analysis — all against a real
// API server.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { runApply } from '../../kube/apply.ts';
import { readClusterSnapshot } from '../../kube/cluster-reads.ts';
import type { KubeObject } from '../../kube/types.ts';
import { runApplyCommand } from '../../server/src/cli/apply.ts';
import { adminGet, createNamespace, service, testCluster, uniqueName, virtualService, yamlOf, type TestCluster, recordingIO } from './helpers.ts';

let cluster: TestCluster;

before(async () => {
  cluster = await testCluster();
}, { timeout: 60 * 60_000 });

function configMaps(namespace: string, count: number): KubeObject[] {
  return Array.from({ length: count }, (_, index) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${index}`, namespace }, data: { index: String(index) } }));
}

async function countConfigMaps(namespace: string): Promise<number> {
  const list = (await adminGet(cluster, `/api/v1/namespaces/${namespace}/configmaps`)) as { items: KubeObject[] };
  return list.items.filter((item) => String(item.metadata?.name).startsWith('cm-')).length;
}

describe('cancellation, CLI and cluster reads', { timeout: 120_000 }, () => {
  test('cancelling during the dry-run writes nothing', async () => {
    const namespace = uniqueName('mw-cancel1');
    await createNamespace(cluster, namespace);
    const controller = new AbortController();
    const result = await runApply({
      trusted: true,
      mode: 'apply',
      sources: [{ source: 'many.yaml', text: yamlOf(...configMaps(namespace, 30)) }],
      kubeconfigPaths: [cluster.kubeconfig],
      context: cluster.adminContext,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'dry-run' && (event.completed ?? 0) >= 3) controller.abort();
      },
    });
    assert.equal(result.outcome, 'cancelled', result.summary);
    assert.equal(result.wroteAnything, false);
    assert.equal(result.rows.length, 30);
    assert.ok(result.rows.every((row) => row.action === 'not-applied'));
    assert.equal(await countConfigMaps(namespace), 0);
  });

  test('cancelling during the apply stops there and reports the rest as not applied', async () => {
    const namespace = uniqueName('mw-cancel2');
    await createNamespace(cluster, namespace);
    const controller = new AbortController();
    const result = await runApply({
      trusted: true,
      mode: 'apply',
      sources: [{ source: 'many.yaml', text: yamlOf(...configMaps(namespace, 30)) }],
      kubeconfigPaths: [cluster.kubeconfig],
      context: cluster.adminContext,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'apply' && event.completed === 5) controller.abort();
      },
    });
    assert.equal(result.outcome, 'cancelled', result.summary);
    assert.equal(result.wroteAnything, true);
    const created = result.rows.filter((row) => row.action === 'created').length;
    const notApplied = result.rows.filter((row) => row.action === 'not-applied').length;
    assert.equal(created, 5);
    assert.equal(created + notApplied, 30);
    assert.equal(await countConfigMaps(namespace), 5);
  });

  test('CLI: apply --dry-run, apply, diff exit codes and report', async () => {
    const namespace = uniqueName('mw-cli');
    await createNamespace(cluster, namespace);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-cli-'));
    fs.writeFileSync(path.join(folder, 'a-service.yaml'), yamlOf(service('cli-svc', undefined)));
    fs.writeFileSync(path.join(folder, 'b-routes.yml'), yamlOf(virtualService('cli-vs', namespace, 'cli-svc')));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not yaml');
    const common = ['--kubeconfig', cluster.kubeconfig, '--context', cluster.adminContext, '--namespace', namespace];

    let recorded = recordingIO();
    assert.equal(await runApplyCommand(['apply', '--dry-run', ...common, folder], recorded.io), 0, recorded.err());
    assert.match(recorded.out(), /would create\s+Service\/cli-svc\s+.*\(defaulted\)/);
    assert.match(recorded.out(), /Nothing was written/);
    assert.equal(await adminGet(cluster, `/api/v1/namespaces/${namespace}/services/cli-svc`), undefined);

    recorded = recordingIO();
    assert.equal(await runApplyCommand(['apply', ...common, folder], recorded.io), 0, recorded.out());
    assert.match(recorded.out(), /created\s+VirtualService\/cli-vs/);

    recorded = recordingIO();
    assert.equal(await runApplyCommand(['diff', ...common, folder], recorded.io), 0, recorded.out());
    fs.writeFileSync(path.join(folder, 'a-service.yaml'), yamlOf(service('cli-svc', undefined, 8443)));
    recorded = recordingIO();
    assert.equal(await runApplyCommand(['diff', ...common, folder], recorded.io), 1);
    assert.match(recorded.out(), /^\+\s+port: 8443$/m);

    recorded = recordingIO();
    assert.equal(await runApplyCommand(['apply', '--bogus', folder], recorded.io), 2);
    assert.match(recorded.err(), /unknown option --bogus/);
    recorded = recordingIO();
    assert.equal(await runApplyCommand(['apply', ...common, path.join(folder, 'missing.yaml')], recorded.io), 2);

    recorded = recordingIO();
    const json = recordingIO();
    assert.equal(await runApplyCommand(['apply', '--json', ...common, folder], json.io), 0);
    const parsed = JSON.parse(json.out()) as { rows: { action: string }[] };
    assert.deepEqual(parsed.rows.map((row) => row.action), ['configured', 'unchanged']);
  });

  test('cluster reads return plain Services, Namespaces, ServiceEntries, Gateways and Istio CRD schemas', async () => {
    const namespace = uniqueName('mw-reads');
    await createNamespace(cluster, namespace);
    const serviceEntry = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'external', namespace },
      spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'TLS' }], resolution: 'DNS' },
    };
    const gateway = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'ingress', namespace },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] }] },
    };
    const applied = await runApply({
      trusted: true,
      mode: 'apply',
      sources: [{ source: 'reads.yaml', text: yamlOf(service('catalog', namespace), serviceEntry, gateway) }],
      kubeconfigPaths: [cluster.kubeconfig],
      context: cluster.adminContext,
    });
    assert.equal(applied.outcome, 'applied', applied.summary);

    await assert.rejects(readClusterSnapshot({ trusted: false, kubeconfigPaths: [cluster.kubeconfig] }), /untrusted/);
    const snapshot = await readClusterSnapshot({ trusted: true, kubeconfigPaths: [cluster.kubeconfig], context: cluster.adminContext });
    assert.ok(snapshot.namespaces.some((entry) => entry.name === namespace));
    assert.deepEqual(snapshot.services.find((entry) => entry.namespace === namespace && entry.name === 'catalog')?.ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
    assert.deepEqual(snapshot.serviceEntries.find((entry) => entry.namespace === namespace)?.hosts, ['api.example.com']);
    assert.deepEqual(snapshot.gateways.find((entry) => entry.namespace === namespace)?.hosts, ['shop.example.com']);
    const virtualServiceCrd = snapshot.istioCrds.find((crd) => crd.kind === 'VirtualService');
    assert.ok(virtualServiceCrd?.versions.some((version) => version.name === 'v1' && version.served && version.schema));
    assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot, 'plain JSON data');

    const restricted = await readClusterSnapshot({ trusted: true, kubeconfigPaths: [cluster.restrictedKubeconfig] });
    assert.ok(restricted.notes.some((note) => /not allowed to list/.test(note)), restricted.notes.join('\n'));
  });
});
