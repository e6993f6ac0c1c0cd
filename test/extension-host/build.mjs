// Bundles the extension-host test suite (suite.ts) into dist/index.cjs, the extensionTestsPath module that
// @vscode/test-electron and code-server's extension host load (`vscode` stays external).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SUITE_BUNDLE = path.join(here, 'dist', 'index.cjs');

export async function buildSuite() {
  await build({
    entryPoints: [path.join(here, 'suite.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return SUITE_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await buildSuite());
}
