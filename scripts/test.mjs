// `npm test`: builds the bundles, then runs every test/**/*.test.ts with node's test runner on Node 24.
// Extra arguments are passed through (e.g. `npm test -- test/unit`).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { nodeBinary } from './node.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.chdir(root);

const build = spawnSync(nodeBinary(), ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv.slice(2);
const targets = args.length ? args : ['test'];
const files = targets.flatMap((target) => collect(path.resolve(root, target)));
function collect(target) {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target, { recursive: true })
    .map((name) => path.join(target, String(name)))
    .filter((file) => file.endsWith('.test.ts') && !file.includes(`${path.sep}fixtures${path.sep}`))
    .sort();
}
const result = spawnSync(
  nodeBinary(),
  ['--test', '--test-reporter=spec', '--test-concurrency=1', '--disable-warning=ExperimentalWarning', ...files],
  { stdio: 'inherit', env: { ...process.env, MESHWRIGHT_ROOT: root } },
);
process.exit(result.status ?? 1);
