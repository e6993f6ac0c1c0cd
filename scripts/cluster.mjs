#!/usr/bin/env node
// Purpose: build (once, cached) and run a real kube-apiserver + etcd on loopback for Meshwright's apply tests,
// benchmarks and manual use. `node scripts/cluster.mjs up|down|status [--json]`.
// Everything lives under ~/.cache/meshwright/cluster (override with MESHWRIGHT_CLUSTER_DIR); nothing is written
// into the repository. `up` reuses a healthy running cluster and ends by printing `export KUBECONFIG=<path>`.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';

const KUBERNETES_VERSION = 'v1.33.7';
const STAGING_VERSION = 'v0.33.7';
const ISTIO_API_VERSION = 'v1.31.4';
const GATEWAY_API_VERSION = 'v1.4.1';
const GO = fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';

const ROOT = process.env.MESHWRIGHT_CLUSTER_DIR ?? path.join(os.homedir(), '.cache', 'meshwright', 'cluster');
const BIN_DIR = path.join(ROOT, 'bin');
const BUILD_DIR = path.join(ROOT, 'build');
const PKI_DIR = path.join(ROOT, 'pki');
const RUN_DIR = path.join(ROOT, 'run');
const STATE_FILE = path.join(RUN_DIR, 'state.json');
const LOCK_DIR = path.join(ROOT, 'lock');
const APISERVER_BIN = path.join(BIN_DIR, 'kube-apiserver');
const ADMIN_KUBECONFIG = path.join(ROOT, 'kubeconfig');
const RESTRICTED_KUBECONFIG = path.join(ROOT, 'kubeconfig-restricted');

export const ADMIN_CONTEXT = 'meshwright-test';
export const RESTRICTED_CONTEXT = 'meshwright-restricted';
export const RESTRICTED_USER = 'meshwright-restricted-user';

function log(message) {
  process.stderr.write(`[cluster] ${message}\n`);
}

// ---------- locking (several test processes may call `up` at once) ----------

async function withLock(fn) {
  fs.mkdirSync(ROOT, { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileOrEmpty(path.join(LOCK_DIR, 'pid')));
      if (holder && !isAlive(holder)) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the cluster lock ${LOCK_DIR}`);
      await delay(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function readFileOrEmpty(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------- binaries ----------

function goEnv() {
  return { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH ?? ''}`, GOFLAGS: '-buildvcs=false' };
}

function goModDownload(modules, cwd) {
  const result = spawnSync(GO, ['mod', 'download', '-json', ...modules], { cwd, env: goEnv(), encoding: 'utf8' });
  const found = new Map();
  const decoder = /\{[\s\S]*?\n\}/g;
  for (const match of result.stdout.match(decoder) ?? []) {
    const info = JSON.parse(match);
    found.set(`${info.Path}@${info.Version}`, info);
  }
  return found;
}

function moduleDir(spec) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'meshwright-gomod-'));
  try {
    const info = goModDownload([spec], scratch).get(spec);
    if (!info || info.Error || !info.Dir) throw new Error(`go mod download ${spec} failed: ${info?.Error ?? 'no output'}`);
    return info.Dir;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// The staging modules k8s.io/kubernetes replaces with ./staging/... paths; each is pinned to its published
// v0.x release. A few v0.33.7 zips are missing from the module proxy, so fall back to the closest 0.33 patch.
function stagingReplacements() {
  const kubernetesDir = moduleDir(`k8s.io/kubernetes@${KUBERNETES_VERSION}`);
  const goMod = fs.readFileSync(path.join(kubernetesDir, 'go.mod'), 'utf8');
  const names = [...goMod.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s*=>\s*\.\/staging\//gm)].map((m) => m[1]);
  const fallbacks = [STAGING_VERSION, 'v0.33.5', 'v0.33.6', 'v0.33.8', 'v0.33.4', 'v0.33.12', 'v0.33.13'];
  const chosen = new Map();
  let pending = names;
  for (const version of fallbacks) {
    if (pending.length === 0) break;
    const found = goModDownload(pending.map((name) => `${name}@${version}`), BUILD_DIR);
    const stillMissing = [];
    for (const name of pending) {
      const info = found.get(`${name}@${version}`);
      if (info && !info.Error) chosen.set(name, version);
      else stillMissing.push(name);
    }
    pending = stillMissing;
  }
  for (const name of pending) chosen.set(name, STAGING_VERSION); // not downloadable: only matters if imported
  return chosen;
}

function buildApiserver() {
  if (fs.existsSync(APISERVER_BIN)) return;
  log(`building kube-apiserver ${KUBERNETES_VERSION} from Go modules (first run only; takes several minutes)`);
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  fs.mkdirSync(BIN_DIR, { recursive: true });
  fs.writeFileSync(path.join(BUILD_DIR, 'go.mod'), `module meshwright.local/apiserver-build\n\ngo 1.24.0\n`);
  const replacements = stagingReplacements();
  const replaceLines = [...replacements].map(([name, version]) => `\t${name} => ${name} ${version}`).join('\n');
  fs.writeFileSync(
    path.join(BUILD_DIR, 'go.mod'),
    `module meshwright.local/apiserver-build\n\ngo 1.24.0\n\nrequire k8s.io/kubernetes ${KUBERNETES_VERSION}\n\nreplace (\n${replaceLines}\n)\n`,
  );
  execFileSync(GO, ['get', `k8s.io/kubernetes/cmd/kube-apiserver@${KUBERNETES_VERSION}`], { cwd: BUILD_DIR, env: goEnv(), stdio: 'inherit' });
  const temporary = `${APISERVER_BIN}.tmp-${process.pid}`;
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const versionFlags = [
    `-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${KUBERNETES_VERSION}`,
  ].join(' ');
  execFileSync(GO, ['build', '-ldflags', versionFlags, '-o', temporary, 'k8s.io/kubernetes/cmd/kube-apiserver'], { cwd: BUILD_DIR, env: goEnv(), stdio: 'inherit' });
  fs.renameSync(temporary, APISERVER_BIN);
}

function findEtcd() {
  for (const candidate of [path.join(BIN_DIR, 'etcd'), '/usr/bin/etcd', '/usr/local/bin/etcd']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function ensureEtcd() {
  let etcd = findEtcd();
  if (etcd) return etcd;
  log('etcd not found; installing Debian package etcd-server');
  const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const aptGet = (args) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    return spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
  };
  if (aptGet(['install', '-y', '--no-install-recommends', 'etcd-server']) !== 0) {
    aptGet(['update']);
    aptGet(['install', '-y', '--no-install-recommends', 'etcd-server']);
  }
  etcd = findEtcd();
  if (!etcd) throw new Error('etcd is missing and `apt-get install -y etcd-server` did not provide it');
  return etcd;
}

// ---------- certificates, tokens, keys ----------

function openssl(args) {
  execFileSync('openssl', args, { cwd: PKI_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ensurePki() {
  fs.mkdirSync(PKI_DIR, { recursive: true, mode: 0o700 });
  const done = path.join(PKI_DIR, 'complete');
  if (fs.existsSync(done)) return;
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=meshwright-test-ca']);
  fs.writeFileSync(
    path.join(PKI_DIR, 'serving.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'serving.key', '-out', 'serving.csr', '-subj', '/CN=127.0.0.1']);
  openssl(['x509', '-req', '-in', 'serving.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'serving.crt', '-days', '3650', '-extfile', 'serving.ext']);
  openssl(['genrsa', '-out', 'sa.key', '2048']);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  const adminToken = randomBytes(24).toString('hex');
  const restrictedToken = randomBytes(24).toString('hex');
  fs.writeFileSync(
    path.join(PKI_DIR, 'tokens.csv'),
    `${adminToken},meshwright-admin,uid-admin,"system:masters"\n${restrictedToken},${RESTRICTED_USER},uid-restricted\n`,
    { mode: 0o600 },
  );
  fs.writeFileSync(done, 'ok\n');
}

function readTokens() {
  const [admin, restricted] = fs.readFileSync(path.join(PKI_DIR, 'tokens.csv'), 'utf8').trim().split('\n').map((line) => line.split(',')[0]);
  return { admin, restricted };
}

function writeKubeconfigs(apiPort) {
  const server = `https://127.0.0.1:${apiPort}`;
  const caData = fs.readFileSync(path.join(PKI_DIR, 'ca.crt')).toString('base64');
  const tokens = readTokens();
  const cluster = { name: 'meshwright-test', cluster: { server, 'certificate-authority-data': caData } };
  const adminUser = { name: 'meshwright-admin', user: { token: tokens.admin } };
  const restrictedUser = { name: RESTRICTED_USER, user: { token: tokens.restricted } };
  const adminContext = { name: ADMIN_CONTEXT, context: { cluster: 'meshwright-test', user: 'meshwright-admin' } };
  const restrictedContext = { name: RESTRICTED_CONTEXT, context: { cluster: 'meshwright-test', user: RESTRICTED_USER } };
  const write = (file, current, contexts, users) =>
    fs.writeFileSync(
      file,
      YAML.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': current, clusters: [cluster], contexts, users }),
      { mode: 0o600 },
    );
  write(ADMIN_KUBECONFIG, ADMIN_CONTEXT, [adminContext, restrictedContext], [adminUser, restrictedUser]);
  write(RESTRICTED_KUBECONFIG, RESTRICTED_CONTEXT, [restrictedContext], [restrictedUser]);
}

// ---------- talking to the API server (plain https, admin token) ----------

function apiRequest(port, method, urlPath, body, contentType = 'application/json') {
  const ca = fs.readFileSync(path.join(PKI_DIR, 'ca.crt'));
  const token = readTokens().admin;
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        ca,
        timeout: 10_000,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': contentType } : {}) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    if (body) request.write(body);
    request.end();
  });
}

async function isReady(port) {
  try {
    const response = await apiRequest(port, 'GET', '/readyz');
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitFor(description, deadlineMs, check) {
  const deadline = Date.now() + deadlineMs;
  let wait = 50;
  while (Date.now() < deadline) {
    if (await check()) return;
    await delay(wait);
    wait = Math.min(wait * 2, 500);
  }
  throw new Error(`timed out after ${deadlineMs / 1000}s waiting for ${description}`);
}

async function serverSideApply(port, urlPath, object) {
  const response = await apiRequest(port, 'PATCH', `${urlPath}?fieldManager=meshwright-cluster-setup&force=true`, JSON.stringify(object), 'application/apply-patch+yaml');
  if (response.status >= 300) throw new Error(`applying ${object.kind}/${object.metadata?.name} failed: ${response.status} ${response.body.slice(0, 500)}`);
}

function crdDocuments() {
  const istioDir = moduleDir(`istio.io/api@${ISTIO_API_VERSION}`);
  const gatewayDir = moduleDir(`sigs.k8s.io/gateway-api@${GATEWAY_API_VERSION}`);
  const files = [path.join(istioDir, 'kubernetes', 'customresourcedefinitions.gen.yaml')];
  const standard = path.join(gatewayDir, 'config', 'crd', 'standard');
  for (const name of fs.readdirSync(standard).sort()) if (name.endsWith('.yaml')) files.push(path.join(standard, name));
  const crds = [];
  for (const file of files) {
    for (const document of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const object = document.toJS({ maxAliasCount: -1 });
      if (object?.kind === 'CustomResourceDefinition') crds.push(object);
    }
  }
  return crds;
}

async function installCrdsAndRbac(port) {
  const crds = crdDocuments();
  for (const crd of crds) {
    await serverSideApply(port, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`, crd);
  }
  await waitFor('CRDs to become Established', 60_000, async () => {
    const response = await apiRequest(port, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    if (response.status !== 200) return false;
    const established = new Set(
      JSON.parse(response.body)
        .items.filter((item) => item.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        .map((item) => item.metadata.name),
    );
    return crds.every((crd) => established.has(crd.metadata.name));
  });
  // The restricted user may read everything the built-in `view` role allows but may write nothing.
  await serverSideApply(port, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/meshwright-restricted-view', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'meshwright-restricted-view' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: RESTRICTED_USER }],
  });
  return crds.length;
}

// ---------- processes ----------

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startDetached(binary, args, logName) {
  const out = fs.openSync(path.join(RUN_DIR, logName), 'a');
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  fs.closeSync(out);
  return child.pid;
}

function readState() {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
  } catch {
    return null;
  }
}

function describe(state) {
  return {
    kubeconfig: ADMIN_KUBECONFIG,
    restrictedKubeconfig: RESTRICTED_KUBECONFIG,
    adminContext: ADMIN_CONTEXT,
    restrictedContext: RESTRICTED_CONTEXT,
    restrictedUser: RESTRICTED_USER,
    server: `https://127.0.0.1:${state.apiPort}`,
    apiPort: state.apiPort,
    crdCount: state.crdCount,
  };
}

async function healthyState() {
  const state = readState();
  if (!state || !state.ready) return null;
  if (!isAlive(state.etcdPid) || !isAlive(state.apiserverPid)) return null;
  return (await isReady(state.apiPort)) ? state : null;
}

async function stopProcesses(state) {
  if (!state) return;
  for (const pid of [state.apiserverPid, state.etcdPid]) {
    if (pid && isAlive(pid)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  await waitFor('cluster processes to exit', 20_000, async () => ![state.apiserverPid, state.etcdPid].some((pid) => pid && isAlive(pid))).catch(() => {
    for (const pid of [state.apiserverPid, state.etcdPid]) if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
}

export async function up() {
  return withLock(async () => {
    const existing = await healthyState();
    if (existing) return describe(existing);
    await stopProcesses(readState());
    buildApiserver();
    const etcd = ensureEtcd();
    ensurePki();
    fs.rmSync(RUN_DIR, { recursive: true, force: true });
    fs.mkdirSync(RUN_DIR, { recursive: true });
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdPid = startDetached(
      etcd,
      [
        '--data-dir', path.join(RUN_DIR, 'etcd-data'),
        '--listen-client-urls', `http://127.0.0.1:${etcdPort}`,
        '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`,
        '--listen-peer-urls', `http://127.0.0.1:${peerPort}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
        '--initial-cluster', `default=http://127.0.0.1:${peerPort}`,
        '--unsafe-no-fsync',
      ],
      'etcd.log',
    );
    const pki = (name) => path.join(PKI_DIR, name);
    const apiserverPid = startDetached(
      APISERVER_BIN,
      [
        `--etcd-servers=http://127.0.0.1:${etcdPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--tls-cert-file=${pki('serving.crt')}`,
        `--tls-private-key-file=${pki('serving.key')}`,
        `--client-ca-file=${pki('ca.crt')}`,
        `--token-auth-file=${pki('tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-key-file=${pki('sa.pub')}`,
        `--service-account-signing-key-file=${pki('sa.key')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        '--disable-admission-plugins=ServiceAccount',
        `--cert-dir=${path.join(RUN_DIR, 'certs')}`,
      ],
      'kube-apiserver.log',
    );
    const state = { etcdPid, apiserverPid, etcdPort, apiPort, ready: false };
    fs.writeFileSync(STATE_FILE, JSON.stringify(state));
    try {
      await waitFor('kube-apiserver /readyz', 120_000, async () => {
        if (!isAlive(apiserverPid)) throw new Error(`kube-apiserver exited; see ${path.join(RUN_DIR, 'kube-apiserver.log')}`);
        return isReady(apiPort);
      });
      state.crdCount = await installCrdsAndRbac(apiPort);
    } catch (error) {
      await stopProcesses(state);
      throw error;
    }
    writeKubeconfigs(apiPort);
    state.ready = true;
    fs.writeFileSync(STATE_FILE, JSON.stringify(state));
    return describe(state);
  });
}

export async function down() {
  return withLock(async () => {
    await stopProcesses(readState());
    fs.rmSync(RUN_DIR, { recursive: true, force: true });
  });
}

async function main() {
  const [command = 'up', ...flags] = process.argv.slice(2);
  const json = flags.includes('--json');
  if (command === 'up') {
    const info = await up();
    if (json) process.stdout.write(`${JSON.stringify(info)}\n`);
    else {
      log(`kube-apiserver ready at ${info.server} (${info.crdCount} CRDs; contexts ${ADMIN_CONTEXT}, ${RESTRICTED_CONTEXT})`);
      process.stdout.write(`export KUBECONFIG=${info.kubeconfig}\n`);
    }
  } else if (command === 'down') {
    await down();
    log('cluster stopped');
  } else if (command === 'status') {
    const state = await healthyState();
    process.stdout.write(state ? `${JSON.stringify(describe(state))}\n` : 'not running\n');
    process.exitCode = state ? 0 : 1;
  } else {
    process.stderr.write('usage: node scripts/cluster.mjs up|down|status [--json]\n');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    process.stderr.write(`[cluster] ${error.message}\n`);
    process.exit(1);
  });
}
