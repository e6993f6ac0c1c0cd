#!/usr/bin/env node
// Purpose: `npm run package` — production build, then @vscode/vsce packs meshwright-<version>.vsix at the repo
// root. Nothing from node_modules is shipped: every dependency is bundled into dist/ by esbuild (see
// .vscodeignore). Usage: node scripts/package.mjs [--out <file>] [--skip-build]
// As a module: `packageExtension()` returns the path of the .vsix.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from './node.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function run(args, label) {
  const started = Date.now();
  const child = spawnSync(nodeBinary(), args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (child.status !== 0) {
    throw new Error(`${label} failed (exit ${child.status}):\n${child.stdout}\n${child.stderr}`);
  }
  return { output: `${child.stdout}${child.stderr}`, seconds: (Date.now() - started) / 1000 };
}

/** Builds for production and packs the extension; returns the .vsix path. */
export function packageExtension({ out, skipBuild = false, quiet = false } = {}) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.resolve(root, out ?? `${manifest.name}-${manifest.version}.vsix`);
  const log = (message) => { if (!quiet) process.stderr.write(`[package] ${message}\n`); };
  if (!skipBuild) {
    log('production build (node scripts/build.mjs --production)');
    run(['scripts/build.mjs', '--production'], 'build');
  }
  const main = path.join(root, manifest.main ?? '');
  if (!manifest.main || !fs.existsSync(main)) {
    throw new Error(`package.json "main" (${manifest.main}) does not exist after the build — expected ./dist/client.cjs`);
  }
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  log(`vsce package → ${path.relative(root, vsix)}`);
  // --no-dependencies: bundles carry their dependencies; the repository is private, so README links stay relative.
  const { output } = run([vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', vsix], 'vsce package');
  if (!quiet) process.stderr.write(output.split('\n').filter((line) => /DONE|WARNING|files/.test(line)).map((l) => `[package] ${l}\n`).join(''));
  return vsix;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const vsix = packageExtension({ out: outIndex > 0 ? process.argv[outIndex + 1] : undefined, skipBuild: process.argv.includes('--skip-build') });
  console.log(vsix);
}
