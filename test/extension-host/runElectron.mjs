// `npm run test:electron`: runs the extension-host suite in VS Code desktop through @vscode/test-electron. It
// downloads VS Code (needs internet and a display, e.g. `xvfb-run -a npm run test:electron` on Linux CI), so it
// cannot run on the offline build machine; there the same suite runs in code-server (runInCodeServer.test.ts).
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const extensionTestsPath = await buildSuite();

const workspace = mkdtempSync(path.join(os.tmpdir(), 'meshwright-eh-'));
cpSync(path.join(root, 'examples', 'bookinfo'), path.join(workspace, 'bookinfo'), { recursive: true });
writeFileSync(path.join(workspace, 'broken-virtualservice.yaml'), readFileSync(path.join(root, 'examples', 'broken', 'vs-unknown-subset.yaml')));

await runTests({
  version: process.env.MESHWRIGHT_VSCODE_VERSION ?? 'stable',
  extensionDevelopmentPath: root,
  extensionTestsPath,
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
});
