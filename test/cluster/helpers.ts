// Purpose: shared helpers for the tests that run against a real kube-apiserver: start (or reuse) the cached
// loopback cluster through scripts/cluster.mjs, make unique namespaces, and read objects back as the admin.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { resolveConnection } from '../../kube/kubeconfig.ts';
import { KubeClient } from '../../kube/transport.ts';
import type { KubeObject } from '../../kube/types.ts';

export type TestCluster = {
  kubeconfig: string;
  restrictedKubeconfig: string;
  adminContext: string;
  restrictedContext: string;
  restrictedUser: string;
  server: string;
  apiPort: number;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let starting: Promise<TestCluster> | undefined;

/** Start the loopback cluster (builds kube-apiserver on the very first run) or reuse the running one. */
export function testCluster(): Promise<TestCluster> {
  starting ??= new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'scripts', 'cluster.mjs'), 'up', '--json'],
      { timeout: 60 * 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`cluster up failed: ${error.message}\n${stderr.slice(-4000)}`));
          return;
        }
        const lastLine = stdout.trim().split('\n').pop() ?? '';
        resolve(JSON.parse(lastLine) as TestCluster);
      },
    );
  });
  return starting;
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36).slice(-5)}-${counter}`;
}

/** Talk to the API server as the admin, bypassing the engine under test. */
export async function adminClient(cluster: TestCluster): Promise<KubeClient> {
  const settings = await resolveConnection([cluster.kubeconfig], cluster.adminContext);
  return new KubeClient(settings);
}

export async function adminGet(cluster: TestCluster, apiPath: string): Promise<KubeObject | undefined> {
  const client = await adminClient(cluster);
  try {
    const response = await client.request('GET', apiPath);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new Error(`GET ${apiPath}: ${response.status} ${response.text}`);
    return response.json as KubeObject;
  } finally {
    client.close();
  }
}

export async function adminApply(cluster: TestCluster, apiPath: string, object: KubeObject, fieldManager: string): Promise<void> {
  const client = await adminClient(cluster);
  try {
    const response = await client.request('PATCH', apiPath, {
      query: { fieldManager, force: 'true' },
      body: JSON.stringify(object),
      contentType: 'application/apply-patch+yaml',
    });
    if (response.status >= 300) throw new Error(`apply ${apiPath}: ${response.status} ${response.text}`);
  } finally {
    client.close();
  }
}

export async function createNamespace(cluster: TestCluster, name: string): Promise<void> {
  await adminApply(cluster, `/api/v1/namespaces/${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'meshwright-test-setup');
}

export function yamlOf(...objects: unknown[]): string {
  return objects.map((object) => YAML.stringify(object)).join('---\n');
}

export function service(name: string, namespace: string | undefined, port = 80, targetPort = port): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { selector: { app: name }, ports: [{ name: 'http', port, targetPort }] },
  };
}

export function virtualService(name: string, namespace: string, host: string): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: { hosts: [host], http: [{ route: [{ destination: { host } }] }] },
  };
}

/** Captures what a CLI command writes to stdout and stderr. */
export function recordingIO() {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } },
    out: () => stdout,
    err: () => stderr,
  };
}
