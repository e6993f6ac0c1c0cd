// Runs every analysis fixture and every webhook fixture through the built CLI (`node dist/cli.cjs analyze --output
// json <fixture>`, Node 24) and compares the JSON findings with the fixture's carets; also checks exit codes, text
// and SARIF output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertMatchesFixture, readFixture, repoRoot } from '../helpers/fixtures.ts';
import { runProcess, type ProcessResult } from '../helpers/process.ts';
import { ANALYSIS_FIXTURES, CROSS_RESOURCE_CODES, analysisFixtureFiles, fixtureMeshConfigText } from '../helpers/analysisFixtures.ts';
import { WEBHOOK_CODES, WEBHOOK_FIXTURES, webhookFixtureFiles } from '../helpers/webhookFixtures.ts';

const root = repoRoot();
const cli = path.join(root, 'dist', 'cli.cjs');

function ensureBuilt(): void {
  if (!existsSync(cli)) spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  assert.ok(existsSync(cli), 'dist/cli.cjs is missing: run node scripts/build.mjs');
}

function runCli(args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, [cli, ...args], root);
}

/** `meshwright analyze --output json --fail-on info` on each file on its own, a few processes at a time. */
async function analyzeEach(files: readonly string[], extraArgs: (file: string) => string[]): Promise<Map<string, ProcessResult>> {
  const queue = [...files];
  const results = new Map<string, ProcessResult>();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) results.set(file, await runCli(['analyze', '--output', 'json', '--fail-on', 'info', ...extraArgs(file), file]));
    }),
  );
  return results;
}

interface JsonRecord {
  code: string;
  level: string;
  message: string;
  file: string;
  line: number;
  column: number;
  resource?: { kind: string; namespace?: string; name: string };
}

/** The JSON records of a run that did not fail on usage or I/O (exit code 2). */
function recordsOf(run: ProcessResult): JsonRecord[] {
  assert.notEqual(run.code, 2, run.stderr);
  return JSON.parse(run.stdout) as JsonRecord[];
}

/** Records as caret-comparable findings (0-based positions). */
function asCaretFindings(records: readonly JsonRecord[]): { line: number; startCharacter: number; code: string; message: string }[] {
  return records.map((r) => ({ line: r.line - 1, startCharacter: r.column - 1, code: r.code, message: r.message }));
}

test('cli: every analysis fixture through `meshwright analyze --output json`', async (t) => {
  ensureBuilt();
  const files = analysisFixtureFiles();
  // Each fixture is its own workspace.
  const meshDir = mkdtempSync(path.join(os.tmpdir(), 'meshwright-mesh-'));
  const meshArgs = (file: string): string[] => {
    const inline = fixtureMeshConfigText(readFixture(file));
    if (!inline) return [];
    const meshFile = path.join(meshDir, `${path.basename(path.dirname(file))}-${path.basename(file)}`);
    writeFileSync(meshFile, inline + '\n');
    return ['--mesh-config', meshFile];
  };
  const results = await analyzeEach(files, meshArgs);
  for (const file of files) {
    await t.test(path.relative(ANALYSIS_FIXTURES, file), () => {
      const run = results.get(file)!;
      const records = recordsOf(run);
      assertMatchesFixture(file, readFixture(file), asCaretFindings(records), (code) => CROSS_RESOURCE_CODES.has(code));
      const hasCarets = /#\s*\^/.test(readFixture(file));
      if (records.length === 0) assert.equal(run.code, 0);
      else if (hasCarets) assert.equal(run.code, 1);
      for (const r of records) {
        assert.ok(['error', 'warning', 'info', 'hint'].includes(r.level));
        assert.ok(r.line >= 1 && r.column >= 1);
      }
    });
  }
});

test('cli: every webhook and CEL fixture through `meshwright analyze --output json`', async (t) => {
  ensureBuilt();
  // The CLI checks these per file (schema, webhook and CEL checks without the incremental engine, and the CEL
  // library loaded on first use): the same carets as the pure layer and the language server.
  const files = webhookFixtureFiles();
  const results = await analyzeEach(files, () => []);
  for (const file of files) {
    await t.test(path.relative(WEBHOOK_FIXTURES, file), () => {
      assertMatchesFixture(file, readFixture(file), asCaretFindings(recordsOf(results.get(file)!)), (code) => WEBHOOK_CODES.has(code));
    });
  }
});

test('cli: exit codes, --fail-on, text and SARIF output', async () => {
  ensureBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwright-analyze-'));
  const file = path.join(dir, 'vs.yaml');
  writeFileSync(file, readFixture(path.join(ANALYSIS_FIXTURES, 'IST0132', 'host-not-in-gateway.yaml')));
  // Only a warning: passes with the default --fail-on error, fails with --fail-on warning.
  assert.equal((await runCli(['analyze', file])).code, 0);
  assert.equal((await runCli(['analyze', '--fail-on', 'warning', file])).code, 1);
  const text = await runCli(['analyze', file]);
  assert.match(text.stdout, /Warning \[IST0132\] \(VirtualService shop\/web\) .*vs\.yaml:36:5 /);
  const sarif = JSON.parse((await runCli(['analyze', '--output', 'sarif', file])).stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].tool.driver.name, 'meshwright');
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'IST0132');
  assert.equal(result.level, 'warning');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 36);
  // Usage and I/O errors exit 2.
  assert.equal((await runCli(['analyze'])).code, 2);
  assert.equal((await runCli(['analyze', '--output', 'xml', file])).code, 2);
  assert.equal((await runCli(['analyze', path.join(dir, 'missing.yaml')])).code, 2);
  assert.equal((await runCli(['analyze', '--mesh-config', path.join(dir, 'missing-mesh.yaml'), file])).code, 2);
  // Mesh config: a default access-log provider silences IST0157.
  const telemetry = path.join(dir, 'telemetry.yaml');
  writeFileSync(telemetry, readFixture(path.join(ANALYSIS_FIXTURES, 'IST0157', 'no-provider.yaml')));
  const mesh = path.join(dir, 'mesh.yaml');
  writeFileSync(mesh, 'defaultProviders:\n  accessLogging: [envoy]\n');
  const withoutMesh = JSON.parse((await runCli(['analyze', '-o', 'json', telemetry])).stdout) as JsonRecord[];
  const withMesh = JSON.parse((await runCli(['analyze', '-o', 'json', '--mesh-config', mesh, telemetry])).stdout) as JsonRecord[];
  assert.ok(withoutMesh.some((r) => r.code === 'IST0157'));
  assert.ok(!withMesh.some((r) => r.code === 'IST0157'));
  assert.deepEqual(withoutMesh.find((r) => r.code === 'IST0157')?.resource, { kind: 'Telemetry', namespace: 'shop', name: 'access-logs' });
});
