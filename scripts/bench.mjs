// `npm run bench`: builds, then runs every benchmark in bench/ one after another (never two at once) on Node 24.
// Each benchmark prints its table and writes it into docs/performance.md between its own markers.
// Usage: npm run bench [-- lsp analysis topology apply]   (default: all)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { nodeBinary } from './node.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.chdir(root);
const all = ['lsp', 'analysis', 'topology', 'apply'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;

const build = spawnSync(nodeBinary(), ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; choose from ${all.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## bench: ${name}\n`);
  const started = Date.now();
  const result = spawnSync(nodeBinary(), ['--disable-warning=ExperimentalWarning', `bench/${name}.ts`], {
    stdio: 'inherit',
    env: { ...process.env, MESHWRIGHT_ROOT: root },
  });
  console.log(`bench ${name}: ${result.status === 0 ? 'done' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
