// Schema validators generated at build time (validatorSource → dist/cli/validators, used by the CLI) must
// report exactly what validators compiled at run time report, on every schema and analysis fixture.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { YamlFile } from '../../server/src/model/index.ts';
import { knownKinds, usePrecompiledValidators, validateDocument, validatorSource, type ValidatorFactory } from '../../server/src/schema/index.ts';
import { VALIDATOR_RUNTIME } from '../../server/src/schema/validate.ts';

const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as Parameters<typeof validatorSource>[1];
const fixtureRoots = ['test/fixtures/diagnostics/schema', 'test/fixtures/analysis'];

function yamlFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return yamlFilesUnder(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

/** Loads a generated module's text the way CommonJS would, without writing it anywhere. */
function loadGenerated(id: string): ValidatorFactory | undefined {
  const source = validatorSource(id, standaloneCode);
  if (!source) return undefined;
  const module = { exports: {} as unknown };
  new Function('module', source)(module);
  return module.exports as ValidatorFactory;
}

function findingsOf(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const yamlFile = new YamlFile(file, readFileSync(file, 'utf8'));
    for (const document of yamlFile.documents) {
      for (const finding of validateDocument(file, document)) out.push(`${file} ${finding.code} ${JSON.stringify(finding.path)} ${finding.on ?? ''} ${finding.message}`);
    }
  }
  return out;
}

test('generated validators report the same findings as compiled ones on every fixture', () => {
  const files = fixtureRoots.flatMap(yamlFilesUnder);
  assert.ok(files.length > 50, `only ${files.length} fixture files`);
  usePrecompiledValidators(undefined);
  const compiled = findingsOf(files);
  const used = new Set<string>();
  usePrecompiledValidators((id) => {
    used.add(id);
    return loadGenerated(id);
  });
  try {
    const generated = findingsOf(files);
    assert.ok(compiled.length > 50, `the fixtures produced only ${compiled.length} schema findings`);
    assert.ok(used.size >= 10, `only ${used.size} kinds were validated with generated code`);
    assert.deepEqual(generated, compiled);
  } finally {
    usePrecompiledValidators(undefined);
  }
});

test('every bundled schema can be generated as a standalone validator', () => {
  const ids = [...new Set(knownKinds().map((info) => info.schema))];
  for (const id of ids) {
    const factory = loadGenerated(id);
    assert.ok(factory, id);
    assert.equal(typeof factory(VALIDATOR_RUNTIME), 'function', id);
  }
});

test('a broken generated module falls back to compiling the schema', () => {
  const file = 'test/fixtures/diagnostics/schema';
  const files = yamlFilesUnder(file).slice(0, 20);
  usePrecompiledValidators(undefined);
  const compiled = findingsOf(files);
  usePrecompiledValidators(() => {
    throw new Error('cannot load');
  });
  try {
    assert.deepEqual(findingsOf(files), compiled);
  } finally {
    usePrecompiledValidators(undefined);
  }
});
