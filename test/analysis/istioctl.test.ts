// Differential test against the real istioctl: every IST-code fixture runs through
// `istioctl analyze --use-kube=false -o json` and `meshwright analyze --output json`; for every IST code both
// tools claim, the (code, resource) pairs must agree, except the known differences listed in
// KNOWN_DIFFERENCES (mirrored in docs/analysis.md). istioctl is built once by scripts/istioctl.mjs (cached).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFixture, repoRoot } from '../helpers/fixtures.ts';
import { ANALYSIS_FIXTURES, CROSS_RESOURCE_CODES, analysisFixtureFiles, fixtureMeshConfigText } from '../helpers/analysisFixtures.ts';
// @ts-expect-error -- plain ES module script without type declarations
import { ensureIstioctl } from '../../scripts/istioctl.mjs';

const root = repoRoot();
const cli = path.join(root, 'dist', 'cli.cjs');

/** IST codes Meshwright's cross-resource analyzers claim (the comparison covers exactly these). */
const CLAIMED = [...CROSS_RESOURCE_CODES].filter((code) => code.startsWith('IST'));

/**
 * Known, justified differences: fixture (relative path) → pairs only one side reports. Keep in step with the
 * table in docs/analysis.md.
 */
const KNOWN_DIFFERENCES: Record<string, { onlyIstioctl?: string[]; onlyMeshwright?: string[] }> = {};

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'GatewayClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);

interface IstioctlMessage {
  code: string;
  origin: string;
}

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `Kind ns/name` or `Kind name` (istioctl's origin) → normalised key. */
function istioctlKey(message: IstioctlMessage): string {
  const space = message.origin.indexOf(' ');
  const kind = message.origin.slice(0, space);
  const name = message.origin.slice(space + 1).replace(/ \(.*\)$/, '');
  return `${message.code} ${kind} ${name}`;
}

function meshwrightKey(record: { code: string; resource?: { kind: string; namespace?: string; name: string } }): string {
  const r = record.resource!;
  const namespace = r.namespace ?? (CLUSTER_SCOPED.has(r.kind) ? undefined : 'default');
  return `${record.code} ${r.kind} ${namespace ? `${namespace}/` : ''}${r.name}`;
}

test('differential: istioctl analyze and meshwright analyze agree on (code, resource)', { timeout: 60 * 60_000 }, async (t) => {
  let istioctl: string;
  try {
    istioctl = ensureIstioctl({ quiet: true });
  } catch (error) {
    assert.fail(`could not build istioctl (node scripts/istioctl.mjs): ${(error as Error).message}`);
  }
  if (!existsSync(cli)) spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  assert.ok(existsSync(cli), 'dist/cli.cjs is missing');
  const files = analysisFixtureFiles().filter((file) => path.relative(ANALYSIS_FIXTURES, file).startsWith('IST'));
  const meshDir = mkdtempSync(path.join(os.tmpdir(), 'meshwright-diff-'));
  const results = new Map<string, { istioctl: Set<string>; meshwright: Set<string>; errors: string }>();
  const queue = [...files];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const mesh = fixtureMeshConfigText(readFixture(file));
        const meshFile = mesh ? path.join(meshDir, `${results.size}-${path.basename(file)}`) : undefined;
        if (meshFile) writeFileSync(meshFile, mesh + '\n');
        const [theirs, ours] = await Promise.all([
          run(istioctl, ['analyze', '--use-kube=false', '-o', 'json', ...(meshFile ? ['--meshConfigFile', meshFile] : []), file]),
          run(process.execPath, [cli, 'analyze', '--output', 'json', ...(meshFile ? ['--mesh-config', meshFile] : []), file]),
        ]);
        let errors = '';
        let theirMessages: IstioctlMessage[] = [];
        try {
          theirMessages = JSON.parse(theirs.stdout.trim() || '[]') as IstioctlMessage[];
        } catch {
          errors += `istioctl output is not JSON (exit ${theirs.code}): ${theirs.stdout.slice(0, 300)} ${theirs.stderr.slice(0, 300)}\n`;
        }
        let ourRecords: { code: string; resource?: { kind: string; namespace?: string; name: string } }[] = [];
        try {
          ourRecords = JSON.parse(ours.stdout);
        } catch {
          errors += `meshwright output is not JSON (exit ${ours.code}): ${ours.stderr.slice(0, 300)}\n`;
        }
        results.set(file, {
          istioctl: new Set(theirMessages.filter((m) => CLAIMED.includes(m.code)).map(istioctlKey)),
          meshwright: new Set(ourRecords.filter((r) => CLAIMED.includes(r.code) && r.resource).map(meshwrightKey)),
          errors,
        });
      }
    }),
  );
  for (const file of files) {
    const name = path.relative(ANALYSIS_FIXTURES, file);
    await t.test(name, () => {
      const result = results.get(file)!;
      assert.equal(result.errors, '');
      const known = KNOWN_DIFFERENCES[name] ?? {};
      const onlyIstioctl = [...result.istioctl].filter((k) => !result.meshwright.has(k) && !known.onlyIstioctl?.includes(k)).sort();
      const onlyMeshwright = [...result.meshwright].filter((k) => !result.istioctl.has(k) && !known.onlyMeshwright?.includes(k)).sort();
      assert.deepEqual({ onlyIstioctl, onlyMeshwright }, { onlyIstioctl: [], onlyMeshwright: [] }, `${name}: istioctl and meshwright disagree`);
    });
  }
});
