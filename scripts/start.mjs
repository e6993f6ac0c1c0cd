#!/usr/bin/env node
// Purpose: `npm start` — build Meshwright and open VS Code on examples/ with the extension loaded. Uses the
// user's VS Code (`code --extensionDevelopmentPath=<repo> examples`) when `code` is on PATH; otherwise
// installs code-server once (~/.cache/meshwright/code-server, several minutes the first time), installs the
// packaged .vsix into a private profile and serves VS Code in the browser on 127.0.0.1, printing the URL.
// Usage: node scripts/start.mjs [--code-server] [--port <n>] [--folder <dir>]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from './node.mjs';
import { ensureCodeServer, node24Env } from './codeServer.mjs';
import { packageExtension } from './package.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const folder = path.resolve(root, option('--folder') ?? 'examples');
const log = (message) => process.stderr.write(`[meshwright] ${message}\n`);

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (onPath('code') && !args.includes('--code-server')) {
  log('building (node scripts/build.mjs)');
  const build = spawnSync(nodeBinary(), ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  log(`opening VS Code on ${path.relative(root, folder)} with Meshwright from ${root}`);
  const code = spawnSync('code', [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' });
  process.exit(code.status ?? 0);
}

log('VS Code (`code`) is not on PATH: using code-server, VS Code in your browser.');
log('First start installs code-server and may take several minutes; later starts take seconds.');
const { entry, node } = ensureCodeServer();
log('packaging the extension (production build + vsce)');
const vsix = packageExtension({ out: path.join(os.tmpdir(), 'meshwright-start.vsix') });

const profile = path.join(os.homedir(), '.cache', 'meshwright', 'start-profile');
const userDataDir = path.join(profile, 'user-data');
const extensionsDir = path.join(profile, 'extensions');
fs.mkdirSync(userDataDir, { recursive: true });
const common = ['--config', path.join(profile, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
log('installing the .vsix into the code-server profile');
const install = spawnSync(node, [entry, ...common, '--force', '--install-extension', vsix], { stdio: 'inherit', env: node24Env() });
if (install.status !== 0) process.exit(install.status ?? 1);

const port = Number(option('--port') ?? 8123);
const server = spawn(node, [entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', folder], { stdio: ['ignore', 'pipe', 'pipe'], env: node24Env() });
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
let announced = false;
const watch = (chunk) => {
  const text = String(chunk);
  if (process.env.MESHWRIGHT_VERBOSE) process.stderr.write(text);
  if (!announced && /HTTP server listening/.test(text)) {
    announced = true;
    log(`VS Code with Meshwright is ready — open ${url}`);
    log('Press Ctrl+C to stop.');
  }
};
server.stdout.on('data', watch);
server.stderr.on('data', watch);
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
