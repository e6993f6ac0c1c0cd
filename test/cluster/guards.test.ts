// Purpose: the safety guards against a real API server — untrusted-workspace refusal (engine, CLI and the
// VS Code command flow read no kubeconfig and start no process), RBAC denials, a hanging exec credential
// plugin that is timed out and killed, and sentinel credentials that never appear in any output.

import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import YAML from 'yaml';
import { runApply, UNTRUSTED_MESSAGE } from '../../kube/apply.ts';
import { clearExecCredentialCache } from '../../kube/exec-credentials.ts';
import { summarizeKubeconfig } from '../../kube/kubeconfig.ts';
import type { ApplyRequest } from '../../kube/types.ts';
import { runClusterAction, UNTRUSTED_REFUSAL, type ClusterHost } from '../../client/src/commands/cluster-flow.ts';
import { matchesContextPattern } from '../../client/src/commands/context-pattern.ts';
import { runApplyCommand } from '../../server/src/cli/apply.ts';
import { adminApply, createNamespace, service, testCluster, uniqueName, yamlOf, type TestCluster, recordingIO } from './helpers.ts';

let cluster: TestCluster;
let scratch: string;

before(async () => {
  cluster = await testCluster();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-guards-'));
}, { timeout: 60 * 60_000 });

/** A kubeconfig for the test cluster whose user gets its token from an exec plugin script. */
function execKubeconfig(script: string): string {
  const base = YAML.parse(fs.readFileSync(cluster.kubeconfig, 'utf8')) as { clusters: unknown[] };
  const file = path.join(scratch, `${uniqueName('kc')}.yaml`);
  fs.writeFileSync(
    file,
    YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'exec',
      clusters: base.clusters,
      users: [{ name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/sh', args: ['-c', script], interactiveMode: 'Never' } } }],
      contexts: [{ name: 'exec', context: { cluster: 'meshwright-test', user: 'exec-user' } }],
    }),
  );
  return file;
}

describe('guards', { timeout: 120_000 }, () => {
  test('untrusted: the engine, the CLI and the command flow read no kubeconfig and start no process', async (t) => {
    const sentinel = path.join(scratch, 'exec-ran');
    const kubeconfig = execKubeconfig(`touch ${sentinel}; echo '{}'`);
    const reads = t.mock.method(fs, 'readFileSync');
    const exists = t.mock.method(fs, 'existsSync');
    const spawns = t.mock.method(childProcess, 'spawn');
    const touchedKubeconfig = () =>
      [...reads.mock.calls, ...exists.mock.calls].some((call) => String(call.arguments[0]).includes(path.basename(kubeconfig)));

    const result = await runApply({ trusted: false, mode: 'apply', sources: [{ source: 'a.yaml', text: yamlOf(service('x', 'default')) }], kubeconfigPaths: [kubeconfig] });
    assert.equal(result.outcome, 'refused');
    assert.equal(result.summary, UNTRUSTED_MESSAGE);

    const recorded = recordingIO();
    const code = await runApplyCommand(['apply', '--kubeconfig', kubeconfig, path.join(scratch, 'missing.yaml')], { ...recorded.io, env: { MESHWRIGHT_UNTRUSTED: '1' } });
    assert.equal(code, 2);
    assert.match(recorded.err(), /untrusted workspace/);

    let engineCalls = 0;
    const errors: string[] = [];
    const host: ClusterHost = {
      isTrusted: () => false,
      settings: () => ({ kubeconfig, confirmContextPattern: '*prod*', execTimeoutSeconds: 5 }),
      selection: () => ({}),
      showError: (message) => errors.push(message),
      showInfo: () => undefined,
      askModal: async () => undefined,
      askText: async () => undefined,
      withProgress: (_title, task) => task(() => undefined, new AbortController().signal),
      publish: () => undefined,
      showDiff: async () => undefined,
    };
    const engine = {
      runApply: async (request: ApplyRequest) => {
        engineCalls++;
        return runApply(request);
      },
      summarizeKubeconfig: async (paths?: string[]) => {
        engineCalls++;
        return summarizeKubeconfig(paths);
      },
    };
    for (const mode of ['apply', 'dry-run', 'diff'] as const) {
      assert.equal(await runClusterAction(host, engine, mode, [{ source: 'a.yaml', text: 'kind: x' }]), undefined);
    }
    assert.deepEqual(errors, [UNTRUSTED_REFUSAL, UNTRUSTED_REFUSAL, UNTRUSTED_REFUSAL]);
    assert.equal(engineCalls, 0);
    assert.equal(touchedKubeconfig(), false, 'no kubeconfig read');
    assert.equal(spawns.mock.callCount(), 0, 'no process started');
    assert.equal(fs.existsSync(sentinel), false);
  });

  test('production contexts need the context name typed; conflicts need two confirmations before force', async () => {
    assert.equal(matchesContextPattern('*prod*', 'eu-Production-1'), true);
    assert.equal(matchesContextPattern('*prod*', 'staging'), false);
    assert.equal(matchesContextPattern('*prod*, live-?', 'live-1'), true);
    assert.equal(matchesContextPattern('*prod*', 'x', 'https://api.prod.example.com'), true);

    const namespace = uniqueName('mw-guard');
    await createNamespace(cluster, namespace);
    const asked: string[] = [];
    const requests: ApplyRequest[] = [];
    let typed: string | undefined = 'wrong-name';
    const host: ClusterHost = {
      isTrusted: () => true,
      settings: () => ({ kubeconfig: cluster.kubeconfig, confirmContextPattern: 'meshwright-t*', execTimeoutSeconds: 5 }),
      selection: () => ({ context: cluster.adminContext, namespace }),
      showError: () => undefined,
      showInfo: () => undefined,
      askModal: async (message) => {
        asked.push(message);
        return message.startsWith('Field conflicts') ? 'Review Force…' : 'Force Apply';
      },
      askText: async () => typed,
      withProgress: (_title, task) => task(() => undefined, new AbortController().signal),
      publish: () => undefined,
      showDiff: async () => undefined,
    };
    const engine = {
      runApply: (request: ApplyRequest) => {
        requests.push(request);
        return runApply(request);
      },
      summarizeKubeconfig,
    };
    const source = [{ source: 'svc.yaml', text: yamlOf(service('guarded', undefined)) }];
    assert.equal(await runClusterAction(host, engine, 'apply', source), undefined, 'wrong name: nothing happens');
    assert.equal(requests.length, 0);

    typed = cluster.adminContext;
    const applied = await runClusterAction(host, engine, 'apply', source);
    assert.equal(applied?.outcome, 'applied');
    assert.equal(requests[0]!.context, cluster.adminContext, 'the confirmed context is pinned');
    assert.equal(requests[0]!.force, false);

    // Another team takes ownership of the port; our next apply conflicts and is only forced after two confirmations.
    await adminApply(cluster, `/api/v1/namespaces/${namespace}/services/guarded`, service('guarded', namespace, 80, 7000), 'other-team');
    const conflicting = [{ source: 'svc.yaml', text: yamlOf(service('guarded', undefined, 80, 7001)) }];
    requests.length = 0;
    asked.length = 0;
    const forced = await runClusterAction(host, engine, 'apply', conflicting);
    assert.equal(asked.length, 2, asked.join('\n'));
    assert.match(asked[0]!, /other-team/);
    assert.deepEqual(requests.map((request) => request.force), [false, true]);
    assert.equal(forced?.outcome, 'applied', forced?.summary);
  });

  test('RBAC: a restricted user gets a precise "not allowed" message and nothing is written', async () => {
    const namespace = uniqueName('mw-rbac');
    await createNamespace(cluster, namespace);
    const result = await runApply({
      trusted: true,
      mode: 'apply',
      sources: [{ source: 'svc.yaml', text: yamlOf(service('denied', namespace)) }],
      kubeconfigPaths: [cluster.restrictedKubeconfig],
    });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.context, cluster.restrictedContext);
    const failure = result.rows[0]!.failure!;
    assert.equal(failure.kind, 'forbidden');
    assert.equal(failure.status, 403);
    assert.match(failure.message, /Not allowed to apply Service .*\(RBAC\)/);
    assert.match(failure.message, new RegExp(cluster.restrictedUser));
    assert.match(failure.message, /cannot patch resource "services"/);
  });

  test('a hanging exec credential plugin times out, is killed, and its secrets stay out of messages', async () => {
    clearExecCredentialCache();
    const pidFile = path.join(scratch, 'plugin.pid');
    const hanging = execKubeconfig(`echo $$ > ${pidFile}; echo "token SENTINEL-EXEC-STDERR-abcdef0123456789abcdef" >&2; exec sleep 600`);
    const started = Date.now();
    const result = await runApply({
      trusted: true,
      mode: 'dry-run',
      sources: [{ source: 'svc.yaml', text: yamlOf(service('x', 'default')) }],
      kubeconfigPaths: [hanging],
      execTimeoutMs: 700,
    });
    const elapsed = Date.now() - started;
    assert.equal(result.outcome, 'failed');
    assert.match(result.summary, /credential plugin "\/bin\/sh" for user "exec-user" did not finish within 1 s/);
    assert.ok(elapsed < 10_000, `gave up after ${elapsed} ms`);
    assert.equal(result.rows[0]!.action, 'not-applied');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 5000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      try {
        process.kill(pid, 0);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } catch {
        alive = false;
      }
    }
    assert.equal(alive, false, 'the plugin process was killed');

    // A failing plugin: its stderr is redacted before it reaches the message.
    clearExecCredentialCache();
    const failing = execKubeconfig('echo "password=SENTINEL-EXEC-STDERR-abcdef0123456789abcdef" >&2; exit 3');
    const failed = await runApply({ trusted: true, mode: 'dry-run', sources: [{ source: 's.yaml', text: yamlOf(service('x', 'default')) }], kubeconfigPaths: [failing] });
    assert.match(failed.summary, /failed with exit code 3/);
    assert.doesNotMatch(JSON.stringify(failed), /SENTINEL-EXEC/);

    // A working plugin: the token it returns authenticates, and never appears in the result.
    clearExecCredentialCache();
    const tokens = fs.readFileSync(path.join(path.dirname(cluster.kubeconfig), 'pki', 'tokens.csv'), 'utf8');
    const adminToken = tokens.split('\n')[0]!.split(',')[0]!;
    const working = execKubeconfig(`printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' ${adminToken}`);
    const ok = await runApply({ trusted: true, mode: 'dry-run', sources: [{ source: 's.yaml', text: yamlOf(service('exec-ok', 'default')) }], kubeconfigPaths: [working] });
    assert.equal(ok.outcome, 'dry-run', ok.summary);
    assert.ok(!JSON.stringify(ok).includes(adminToken));
  });

  test('bearer tokens never appear in output, even on error paths', async () => {
    const base = YAML.parse(fs.readFileSync(cluster.kubeconfig, 'utf8')) as { clusters: unknown[] };
    const sentinelToken = 'SENTINELTOKEN0123456789abcdefSENTINEL';
    const file = path.join(scratch, 'bad-token.yaml');
    fs.writeFileSync(
      file,
      YAML.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'bad',
        clusters: base.clusters,
        users: [{ name: 'bad', user: { token: sentinelToken } }],
        contexts: [{ name: 'bad', context: { cluster: 'meshwright-test', user: 'bad' } }],
      }),
    );
    const recorded = recordingIO();
    const input = path.join(scratch, 'svc.yaml');
    fs.writeFileSync(input, yamlOf(service('x', 'default')));
    const code = await runApplyCommand(['apply', '--kubeconfig', file, input], recorded.io);
    assert.equal(code, 1);
    assert.match(recorded.out(), /rejected the credentials \(401 Unauthorized\)/);
    assert.ok(!recorded.out().includes(sentinelToken) && !recorded.err().includes(sentinelToken));
  });
  test('TLS is verified (no CA: precise TLS error; skip-verify only when the kubeconfig says so) and silent servers time out', async () => {
    const base = YAML.parse(fs.readFileSync(cluster.kubeconfig, 'utf8')) as {
      clusters: { name: string; cluster: Record<string, unknown> }[];
      users: unknown[];
      contexts: unknown[];
    };
    const variant = (name: string, cluster: Record<string, unknown>) => {
      const file = path.join(scratch, `${name}.yaml`);
      fs.writeFileSync(file, YAML.stringify({ ...base, 'current-context': 'meshwright-test', clusters: [{ name: 'meshwright-test', cluster }] }));
      return file;
    };
    const server = base.clusters[0]!.cluster.server as string;
    const source = [{ source: 'svc.yaml', text: yamlOf(service('tls', 'default')) }];
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // must not switch verification off
    try {
      const noCa = await runApply({ trusted: true, mode: 'dry-run', sources: source, kubeconfigPaths: [variant('no-ca', { server })] });
      assert.equal(noCa.outcome, 'failed');
      assert.match(noCa.summary, /TLS verification of the API server for context "meshwright-test" .* failed/);
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    }
    const skip = await runApply({ trusted: true, mode: 'dry-run', sources: source, kubeconfigPaths: [variant('skip', { server, 'insecure-skip-tls-verify': true })] });
    assert.equal(skip.outcome, 'dry-run', skip.summary);
    assert.match(skip.warnings?.[0] ?? '', /TLS verification is off for context "meshwright-test"/);

    // A server that accepts connections and never answers.
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    try {
      const started = Date.now();
      const hung = await runApply({
        trusted: true,
        mode: 'dry-run',
        sources: source,
        kubeconfigPaths: [variant('silent', { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true })],
        requestTimeoutMs: 600,
      });
      assert.equal(hung.outcome, 'failed');
      assert.match(hung.summary, /did not answer GET \/api\/v1 within 1 s/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
  test('package.json: kubeconfig and guard settings are machine-scoped and restricted in untrusted workspaces', () => {
    const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
      contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, { scope?: string; default?: unknown }> } };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const properties = manifest.contributes.configuration.properties;
    for (const key of ['meshwright.kube.kubeconfig', 'meshwright.apply.confirmContextPattern', 'meshwright.kube.execTimeoutSeconds']) {
      assert.equal(properties[key]?.scope, 'machine', key);
    }
    for (const key of ['meshwright.kube.kubeconfig', 'meshwright.apply.confirmContextPattern', 'meshwright.kube.execTimeoutSeconds', 'meshwright.analysis.clusterAware']) {
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), key);
    }
    assert.equal(properties['meshwright.analysis.clusterAware']?.default, false);
    assert.equal(properties['meshwright.apply.confirmContextPattern']?.default, '*prod*');
    const titles = new Map(manifest.contributes.commands.map((command) => [command.command, command.title]));
    assert.equal(titles.get('meshwright.apply'), 'Meshwright: Apply');
    assert.equal(titles.get('meshwright.dryRun'), 'Meshwright: Dry-run on Server');
    assert.equal(titles.get('meshwright.diffWithCluster'), 'Meshwright: Diff with Cluster');
    assert.equal(titles.get('meshwright.switchContext'), 'Meshwright: Switch Kube Context');
    assert.equal(titles.get('meshwright.switchNamespace'), 'Meshwright: Switch Namespace');
  });
});

