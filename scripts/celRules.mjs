// Extracts the CEL rules (x-kubernetes-validations) of Istio's and the Gateway API's CRDs into
// schemas/generated/cel-rules.json: per group/version/kind, the rules with their schema path.
// Sources are Go modules (istio.io/api, sigs.k8s.io/gateway-api) fetched with `go mod download`.
// Usage: node scripts/celRules.mjs [--force]   (skips the work when the output is newer than this script)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const ISTIO_API = 'istio.io/api@v1.31.4';
export const GATEWAY_API = 'sigs.k8s.io/gateway-api@v1.4.1';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = path.join(root, 'schemas/generated/cel-rules.json');

/** The folder of a Go module version, downloading it into the module cache when needed. */
function moduleDir(module) {
  const go = ['/usr/local/go/bin/go', 'go'].find((candidate) => candidate === 'go' || existsSync(candidate));
  const json = execFileSync(go, ['mod', 'download', '-json', module], {
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
    cwd: root,
  });
  const info = JSON.parse(json);
  if (info.Error || !info.Dir) throw new Error(`go mod download ${module}: ${info.Error ?? 'no Dir'}`);
  return info.Dir;
}

/** Walks a structural schema, collecting every x-kubernetes-validations rule with its path. */
function collectRules(schema, schemaPath, out, defaults) {
  if (!schema || typeof schema !== 'object') return;
  // The API server applies schema defaults before it evaluates rules, so the evaluator needs them too.
  if (schema.default !== undefined && schemaPath.length > 0) defaults.push({ path: schemaPath, value: schema.default });
  for (const validation of schema['x-kubernetes-validations'] ?? []) {
    const rule = {
      path: schemaPath,
      rule: validation.rule,
    };
    if (validation.message !== undefined) rule.message = validation.message;
    if (validation.messageExpression !== undefined) rule.messageExpression = validation.messageExpression;
    if (validation.reason !== undefined) rule.reason = validation.reason;
    if (validation.fieldPath !== undefined) rule.fieldPath = validation.fieldPath;
    if (validation.optionalOldSelf !== undefined) rule.optionalOldSelf = validation.optionalOldSelf;
    out.push(rule);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) collectRules(child, [...schemaPath, key], out, defaults);
  if (schema.items) collectRules(schema.items, [...schemaPath, '*'], out, defaults);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    collectRules(schema.additionalProperties, [...schemaPath, '*'], out, defaults);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const child of schema[key] ?? []) collectRules(child, schemaPath, out, defaults);
}

/** Adds every served version of every CRD in a YAML text to `kinds` (existing entries are kept). */
function addCrds(text, source, kinds) {
  for (const document of parseAllDocuments(text)) {
    const crd = document.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions ?? []) {
      if (version.served === false) continue;
      const key = `${group}/${version.name}/${names.kind}`;
      if (kinds[key]) continue;
      const rules = [];
      const defaults = [];
      collectRules(version.schema?.openAPIV3Schema, [], rules, defaults);
      kinds[key] = { source, rules, defaults };
    }
  }
}

function isFresh() {
  if (!existsSync(output)) return false;
  if (statSync(output).mtimeMs < statSync(fileURLToPath(import.meta.url)).mtimeMs) return false;
  return !readFileSync(output, 'utf8').includes('"unavailable"');
}

/** Writes the rules file unless it is fresh; without Go or the modules, writes an empty one and warns. */
export function generateCelRules({ force = false } = {}) {
  if (!force && isFresh()) return output;
  try {
    return generate();
  } catch (error) {
    console.warn(`meshwright: CEL rules unavailable (${error.message}); CRD rules will not be checked`);
    mkdirSync(path.dirname(output), { recursive: true });
    writeFileSync(output, JSON.stringify({ unavailable: String(error.message), kinds: {} }) + '\n');
    return output;
  }
}

function generate() {
  const kinds = {};
  const istio = moduleDir(ISTIO_API);
  addCrds(readFileSync(path.join(istio, 'kubernetes/customresourcedefinitions.gen.yaml'), 'utf8'), ISTIO_API, kinds);
  const gateway = moduleDir(GATEWAY_API);
  // Standard first; experimental adds the kinds and versions the standard channel lacks.
  for (const channel of ['standard', 'experimental']) {
    const folder = path.join(gateway, 'config/crd', channel);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort()) {
      addCrds(readFileSync(path.join(folder, file), 'utf8'), `${GATEWAY_API} ${channel}`, kinds);
    }
  }
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, JSON.stringify({ generatedFrom: [ISTIO_API, GATEWAY_API], kinds }, null, 1) + '\n');
  return output;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = generateCelRules({ force: process.argv.includes('--force') });
  const { kinds } = JSON.parse(readFileSync(file, 'utf8'));
  const total = Object.values(kinds).reduce((sum, entry) => sum + entry.rules.length, 0);
  console.log(`meshwright: ${total} CEL rules for ${Object.keys(kinds).length} group/version/kinds in ${path.relative(root, file)}`);
}
