// Generates dist/cli/validators/: one CommonJS module per bundled schema holding its ajv validator as code
// (server/src/schema/validate.ts, validatorSource), plus manifest.json. `meshwright analyze` loads these
// instead of compiling each kind's schema at every run. Skipped when the manifest's stamp (the schema bundle,
// the validator code and ajv's version) is unchanged.
// Usage: node scripts/validators.mjs [--force]
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const VALIDATORS_DIR = path.join(root, 'dist/cli/validators');
const INPUTS = ['schemas/generated/bundle.json', 'schemas/generated/schema-texts.json', 'server/src/schema/validate.ts', 'scripts/validators.mjs', 'node_modules/ajv/package.json'];

function stampOf() {
  const hash = createHash('sha256');
  for (const file of INPUTS) hash.update(readFileSync(path.join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

export async function generateValidators({ force = false, quiet = false } = {}) {
  const stamp = stampOf();
  const manifestFile = path.join(VALIDATORS_DIR, 'manifest.json');
  if (!force && existsSync(manifestFile)) {
    try {
      if (JSON.parse(readFileSync(manifestFile, 'utf8')).stamp === stamp) return;
    } catch {
      // unreadable: generate again
    }
  }
  const started = performance.now();
  // The schema layer is TypeScript importing JSON: bundle a small entry with esbuild so this runs on any Node.
  const entry = path.join(os.tmpdir(), `meshwright-validators-${process.pid}.cjs`);
  await build({
    stdin: {
      contents: [
        "export { validatorSource, knownKinds, SCHEMA_BUNDLE_STAMP } from './server/src/schema/index.ts';",
        "export { default as standaloneCode } from 'ajv/dist/standalone';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', outfile: entry, logLevel: 'warning', mainFields: ['module', 'main'],
    logOverride: { 'empty-import-meta': 'silent' }, // see scripts/build.mjs
  });
  const generator = createRequire(import.meta.url)(entry);
  rmSync(entry, { force: true });
  rmSync(VALIDATORS_DIR, { recursive: true, force: true });
  mkdirSync(VALIDATORS_DIR, { recursive: true });
  const files = {};
  const ids = [...new Set(generator.knownKinds().map((info) => info.schema))];
  ids.forEach((id, index) => {
    const source = generator.validatorSource(id, generator.standaloneCode);
    if (!source) return;
    const file = `v${index}.cjs`;
    writeFileSync(path.join(VALIDATORS_DIR, file), source);
    files[id] = file;
  });
  writeFileSync(manifestFile, JSON.stringify({ stamp, bundleStamp: generator.SCHEMA_BUNDLE_STAMP, files }, null, 1) + '\n');
  if (!quiet) console.log(`meshwright: generated ${Object.keys(files).length} validators in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await generateValidators({ force: process.argv.includes('--force') });
}
