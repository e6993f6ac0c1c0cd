// Runs a TypeScript script with the Node 24 binary from node_modules (type stripping), passing arguments on.
import { spawnSync } from 'node:child_process';
import { nodeBinary } from './node.mjs';

const result = spawnSync(nodeBinary(), ['--disable-warning=ExperimentalWarning', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
