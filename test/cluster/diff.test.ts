// Purpose: diff output against a real API server (live object vs the server's dry-run result, managed fields
// and status stripped) and Secret masking in diffs, reports and error messages.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { runApply } from '../../kube/apply.ts';
import { formatReport } from '../../kube/report.ts';
import type { ApplyRequest } from '../../kube/types.ts';
import { createNamespace, service, testCluster, uniqueName, yamlOf, type TestCluster } from './helpers.ts';

let cluster: TestCluster;

function request(text: string, extra: Partial<ApplyRequest> = {}): ApplyRequest {
  return { trusted: true, mode: 'diff', sources: [{ source: 'diff.yaml', text }], kubeconfigPaths: [cluster.kubeconfig], context: cluster.adminContext, ...extra };
}

before(async () => {
  cluster = await testCluster();
}, { timeout: 60 * 60_000 });

describe('diff against a real API server', { timeout: 120_000 }, () => {
  test('shows live vs dry-run with managed fields and status stripped; writes nothing', async () => {
    const namespace = uniqueName('mw-diff');
    await createNamespace(cluster, namespace);
    await runApply({ ...request(yamlOf(service('web', namespace, 80))), mode: 'apply' });

    const result = await runApply(request(yamlOf(service('web', namespace, 81), service('new-one', namespace))));
    assert.equal(result.outcome, 'diff', result.summary);
    assert.equal(result.wroteAnything, false);
    const [changed, created] = result.rows;
    assert.equal(changed!.action, 'configured');
    assert.match(changed!.diff!, new RegExp(`^--- live/Service/${namespace}/web\\n\\+\\+\\+ dry-run/Service/${namespace}/web\\n@@ `));
    assert.match(changed!.diff!, /^-\s+port: 80$/m);
    assert.match(changed!.diff!, /^\+\s+port: 81$/m);
    for (const text of [changed!.live!, changed!.proposed!]) {
      assert.doesNotMatch(text, /managedFields|resourceVersion|^status:/m);
      assert.match(text, /clusterIP:/, 'server defaults are visible');
    }
    assert.equal(created!.action, 'created');
    assert.equal(created!.live, '');
    assert.match(created!.diff!, /^\+kind: Service$/m);

    const unchanged = await runApply(request(yamlOf(service('web', namespace, 80))));
    assert.equal(unchanged.rows[0]!.action, 'unchanged');
    assert.equal(unchanged.rows[0]!.diff, '');
    assert.match(formatReport(unchanged, { includeDiffs: true }), /no changes/);
  });

  test('Secret values are masked in diffs, reports and errors', async () => {
    const namespace = uniqueName('mw-secret');
    await createNamespace(cluster, namespace);
    const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace },
      type: 'Opaque',
      data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
      ...extra,
    });
    const first = 'SENTINEL-SECRET-ONE-4f1d2c';
    const second = 'SENTINEL-SECRET-TWO-9a8b7c';
    const kept = 'SENTINEL-SECRET-KEPT-123456';
    const applied = await runApply({ ...request(yamlOf(secret({ password: first, kept }))), mode: 'apply' });
    assert.equal(applied.outcome, 'applied', applied.summary);

    const result = await runApply(request(yamlOf(secret({ password: second, kept, added: 'SENTINEL-SECRET-ADDED-777' }, { stringData: { note: 'SENTINEL-STRINGDATA-55' } }))));
    assert.equal(result.outcome, 'diff', result.summary);
    const row = result.rows[0]!;
    assert.match(row.live!, /password: "\*\*\* \(before\)"/);
    assert.match(row.proposed!, /password: "\*\*\* \(after\)"/);
    assert.match(row.live!, /kept: "\*\*\*"$/m);
    assert.match(row.proposed!, /added: "\*\*\*"$/m);
    assert.match(row.diff!, /^\+\s+added: "\*\*\*"$/m, 'which keys changed stays visible');
    const everything = JSON.stringify(result) + formatReport(result, { includeDiffs: true });
    for (const value of [first, second, kept, 'SENTINEL-SECRET-ADDED-777', 'SENTINEL-STRINGDATA-55']) {
      assert.ok(!everything.includes(value), `${value} leaked`);
      assert.ok(!everything.includes(Buffer.from(value).toString('base64')), `${value} leaked as base64`);
    }

    // An invalid Secret: the server's error must not carry the value either.
    const invalid = secret({ 'bad key!': 'SENTINEL-IN-ERROR-31337' });
    const failed = await runApply({ ...request(yamlOf(invalid)), mode: 'apply' });
    assert.equal(failed.outcome, 'failed');
    assert.equal(failed.rows[0]!.failure?.kind, 'invalid');
    const text = JSON.stringify(failed) + formatReport(failed);
    assert.ok(!text.includes('SENTINEL-IN-ERROR-31337') && !text.includes(Buffer.from('SENTINEL-IN-ERROR-31337').toString('base64')));
  });
});
