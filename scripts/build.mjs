// Builds every bundle with esbuild: language server, CLI, VS Code client and webview scripts.
// Usage: node scripts/build.mjs [--watch] [--production]
import { build, context } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// The yaml parser reads process.env on every token (LOG_TOKENS/LOG_STREAM debug hooks); fixing them at build
// time makes parsing about a third faster.
// Generated JSON (schemas, CEL rules, annotations) is embedded as one string for JSON.parse: V8 parses JSON text
// several times faster than the same data written as a JavaScript object literal, which shortens start-up.
const jsonAsString = {
  name: 'json-as-string',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]schemas[\\/]generated[\\/][^\\/]+\.json$/ }, async (args) => ({
      // CommonJS, so that both `import x from` and a lazy require() (schema-texts.json) receive the data itself.
      contents: `module.exports = JSON.parse(${JSON.stringify(await readFile(args.path, 'utf8'))});`,
      loader: 'js',
    }));
  },
};
// The CLI instead loads generated JSON as JSON modules next to its chunks (dist/cli/*.json): Node parses them
// with JSON.parse, so the multi-megabyte schema bundle is neither compiled as JavaScript nor kept in the code
// cache (that halves the CLI's start-up).
const jsonBesideCli = {
  name: 'json-beside-cli',
  setup(plugin) {
    plugin.onResolve({ filter: /[\\/]schemas[\\/]generated[\\/][^\\/]+\.json$/ }, (args) => {
      const source = path.resolve(args.resolveDir, args.path);
      mkdirSync(path.join(root, 'dist/cli'), { recursive: true });
      copyFileSync(source, path.join(root, 'dist/cli', path.basename(source)));
      return { path: `./${path.basename(source)}`, external: true };
    });
  },
};
// Lazily loaded modules (the CEL library, server/src/schema/cel.ts) are required with a literal require() that
// esbuild bundles; only plain Node running the sources takes the import.meta branch next to it, so the CommonJS
// bundles' "import.meta is empty" notice about that branch is silenced.
const node = { plugins: [jsonAsString], platform: 'node', format: 'cjs', target: 'node22', bundle: true, mainFields: ['module', 'main'], define: { 'process.env.LOG_TOKENS': 'undefined', 'process.env.LOG_STREAM': 'undefined' }, sourcemap: !production, minify: production, logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } };
const bundles = [
  // The server runs with a small young generation: edits allocate short-lived objects, and V8's default
  // semi-spaces let the heap (and RSS) grow by 100+ MB at 5,000 resources. The client passes the same flag.
  { ...node, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.cjs', banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=4' } },
  // The CLI: a small CommonJS launcher (dist/cli.cjs, the `meshwright` bin) and the CLI itself as ES modules split
  // per subcommand (dist/cli/), so `analyze` never loads the Kubernetes client that `apply` needs.
  // The young generation's size is tuned for a one-shot batch run. Medians of 14 interleaved runs at 5,000
  // resources (2026-12-05, after the value-only parse): 4 MB 518 ms, 8 MB 504 ms, 16 MB 528 ms, V8's default
  // 531 ms. V8's background threads (JIT, GC) default to 4; sized to the machine's parallelism instead (0 = ask
  // libuv), they stop preempting the main thread on small machines: 439 ms vs 454 ms on 2 cores (16 runs). An
  // initial old generation of 64 MB spares the early full collections of a heap that grows to ~50 MB anyway:
  // 449 ms vs 459 ms (14 runs), same peak RSS. Node reads these flags only at start-up, hence the shebang.
  { ...node, entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.cjs', banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=8 --v8-pool-size=0 --initial-old-space-size=64' } },
  {
    ...node, plugins: [jsonBesideCli], format: 'esm', splitting: true, entryPoints: ['server/src/cli/main.ts'], outdir: 'dist/cli', outExtension: { '.js': '.mjs' },
    // Bundled CommonJS dependencies expect require/__dirname/__filename, which ES modules lack.
    banner: { js: "import { createRequire as __mwCreateRequire } from 'node:module'; import { fileURLToPath as __mwFileURLToPath } from 'node:url'; import __mwPath from 'node:path'; const require = __mwCreateRequire(import.meta.url); const __filename = __mwFileURLToPath(import.meta.url); const __dirname = __mwPath.dirname(__filename);" },
  },
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
  const results = await Promise.all(bundles.map((options) => build({ ...options, metafile: true })));
  // Chunk names carry content hashes: remove the chunks of earlier builds that this build no longer wrote.
  const written = new Set(results.flatMap((result) => Object.keys(result.metafile.outputs)).map((file) => path.resolve(root, file)));
  for (const name of existsSync('dist/cli') ? readdirSync('dist/cli') : []) {
    const file = path.resolve(root, 'dist/cli', name);
    if (!written.has(file) && !name.endsWith('.json') && name !== 'validators') rmSync(file, { force: true });
  }
  // The CLI's precompiled schema validators (dist/cli/validators; cached: regenerated when the schemas change).
  await import('./validators.mjs').then((validators) => validators.generateValidators({ quiet: true }));
}
