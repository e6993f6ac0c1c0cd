// Builds every bundle with esbuild: language server, CLI, VS Code client and webview scripts.
// Usage: node scripts/build.mjs [--watch] [--production]
import { build, context } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// The yaml parser reads process.env on every token (LOG_TOKENS/LOG_STREAM debug hooks); fixing them at build
// time makes parsing about a third faster.
const node = { platform: 'node', format: 'cjs', target: 'node22', bundle: true, mainFields: ['module', 'main'], define: { 'process.env.LOG_TOKENS': 'undefined', 'process.env.LOG_STREAM': 'undefined' }, sourcemap: !production, minify: production, logLevel: 'warning' };
const bundles = [
  // The server runs with a small young generation: edits allocate short-lived objects, and V8's default
  // semi-spaces let the heap (and RSS) grow by 100+ MB at 5,000 resources. The client passes the same flag.
  { ...node, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.cjs', banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=4' } },
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.cjs', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.cjs', external: ['vscode'] },
  {
    platform: 'browser', format: 'iife', target: 'chrome120', bundle: true, sourcemap: !production, minify: production, logLevel: 'warning',
    entryPoints: ['media/src/topology.ts', 'media/src/traffic.ts'].filter((file) => existsSync(path.join(root, file))),
    outdir: 'media/dist',
  },
].filter((options) => options.entryPoints.length > 0 && options.entryPoints.every((file) => existsSync(path.join(root, file))));

process.chdir(root);
// The schema bundle is generated from Go modules first; cheap when up to date (a stamp check).
const { generateSchemas } = await import('./schemas.mjs');
generateSchemas();
await import('./celRules.mjs').then((rules) => rules.generateCelRules()); // CRD CEL rules → schemas/generated (cached)
await import('./annotations.mjs').then((table) => table.generateAnnotations({ quiet: true })); // Istio annotation registry → schemas/generated (cached)
if (watch) {
  for (const options of bundles) await (await context(options)).watch();
  console.log('meshwright: watching for changes');
} else {
  await Promise.all(bundles.map((options) => build(options)));
}
