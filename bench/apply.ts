// Purpose: apply benchmark. Applies the same 500 objects (Services, ConfigMaps, VirtualServices,
// DestinationRules) to the loopback test cluster with `kubectl apply --server-side` and with `meshwright apply`
// (the CLI, as a process, so both pay start-up), each into a fresh namespace, several rounds, and reports medians
// and the throughput ratio (budget: Meshwright >= 1.0x kubectl). Writes the table into docs/performance.md between
// <!-- bench:apply:start --> and <!-- bench:apply:end -->.
// Run: node_modules/.bin/node bench/apply.ts [--rounds N]

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OBJECTS = 500;
const roundsFlag = process.argv.indexOf('--rounds');
const ROUNDS = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 3;

type Cluster = { kubeconfig: string; adminContext: string; server: string };

function clusterUp(): Cluster {
  const output = execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'cluster.mjs'), 'up', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output.trim().split('\n').pop()!) as Cluster;
}

function manifest(): string {
  const objects: unknown[] = [];
  for (let index = 0; objects.length < OBJECTS; index++) {
    const name = `app-${index}`;
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] } });
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config` }, data: { 'settings.yaml': `replicas: ${index % 5}\nlevel: info\n` } });
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name },
      spec: {
        hosts: [name],
        http: [{ route: [{ destination: { host: name, subset: 'v1' }, weight: 90 }, { destination: { host: name, subset: 'v2' }, weight: 10 }], timeout: '5s' }],
      },
    });
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name },
      spec: { host: name, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    });
  }
  return objects.slice(0, OBJECTS).map((object) => YAML.stringify(object)).join('---\n');
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(command)} failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

function createNamespace(cluster: Cluster, name: string) {
  execFileSync('kubectl', ['--kubeconfig', cluster.kubeconfig, '--context', cluster.adminContext, 'create', 'namespace', name], { stdio: 'ignore' });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main() {
  const cluster = clusterUp();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'meshwright-bench-apply-'));
  const file = path.join(folder, 'objects.yaml');
  fs.writeFileSync(file, manifest());
  const kubectlVersion = execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  const kubectlGit = (JSON.parse(kubectlVersion) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
  const tag = Date.now().toString(36);
  const common = ['--kubeconfig', cluster.kubeconfig, '--context', cluster.adminContext];
  const kubectl = (namespace: string) => run('kubectl', ['apply', '--server-side', '-f', file, '-n', namespace, ...common]);
  const meshwright = (namespace: string) =>
    run(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(repoRoot, 'server', 'src', 'cli', 'main.ts'), 'apply', ...common, '--namespace', namespace, file]);

  // Warm-up with one object of each kind (discovery caches, page cache), not timed.
  const warmFile = path.join(folder, 'warm.yaml');
  fs.writeFileSync(warmFile, manifest().split('---\n').slice(0, 4).join('---\n'));
  for (const [label, args] of [
    ['k', ['apply', '--server-side', '-f', warmFile, ...common]],
    ['m', ['--disable-warning=ExperimentalWarning', path.join(repoRoot, 'server', 'src', 'cli', 'main.ts'), 'apply', ...common, warmFile]],
  ] as const) {
    const namespace = `bench-warm-${label}-${tag}`;
    createNamespace(cluster, namespace);
    await run(label === 'k' ? 'kubectl' : process.execPath, [...args, label === 'k' ? '-n' : '--namespace', namespace]);
  }
  const times = { kubectl: [] as number[], meshwright: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, tool, list] of [['k', kubectl, times.kubectl], ['m', meshwright, times.meshwright]] as const) {
      const namespace = `bench-${label}-${tag}-${round}`;
      createNamespace(cluster, namespace);
      list.push(await tool(namespace));
    }
  }
  const kubectlMedian = median(times.kubectl);
  const meshwrightMedian = median(times.meshwright);
  const throughput = (ms: number) => OBJECTS / (ms / 1000);
  const ratio = throughput(meshwrightMedian) / throughput(kubectlMedian);
  const table = [
    `Apply of ${OBJECTS} objects (125 each: Service, ConfigMap, VirtualService, DestinationRule) into a fresh namespace on the loopback kube-apiserver v1.33.7, median of ${ROUNDS} rounds, ${os.cpus().length} CPUs, ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| Tool | Median wall time | Throughput | Runs (ms) |',
    '|---|---:|---:|---|',
    `| kubectl ${kubectlGit} \`apply --server-side\` | ${(kubectlMedian / 1000).toFixed(2)} s | ${throughput(kubectlMedian).toFixed(0)} objects/s | ${times.kubectl.map((ms) => ms.toFixed(0)).join(', ')} |`,
    `| \`meshwright apply\` (server dry-run of all, then apply) | ${(meshwrightMedian / 1000).toFixed(2)} s | ${throughput(meshwrightMedian).toFixed(0)} objects/s | ${times.meshwright.map((ms) => ms.toFixed(0)).join(', ')} |`,
    '',
    `Throughput ratio Meshwright / kubectl: **${ratio.toFixed(2)}x** (budget >= 1.0x: ${ratio >= 1 ? 'met' : 'NOT met'}).`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  writeIntoDocs(table);
  fs.rmSync(folder, { recursive: true, force: true });
  if (ratio < 1) process.exitCode = 1;
}

function writeIntoDocs(table: string) {
  const docs = path.join(repoRoot, 'docs', 'performance.md');
  const start = '<!-- bench:apply:start -->';
  const end = '<!-- bench:apply:end -->';
  const block = `${start}\n${table}\n${end}`;
  let text = fs.existsSync(docs) ? fs.readFileSync(docs, 'utf8') : '# Performance\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
  else text = `${text.replace(/\n*$/, '\n')}\n## Apply\n\n${block}\n`;
  fs.writeFileSync(docs, text);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
});
