// Generates schemas/generated/bundle.json: JSON Schemas (for ajv) plus metadata for every Istio kind, the
// Gateway API kinds and the core Kubernetes kinds, converted at build time from the Go modules that publish
// them. Nothing generated is committed (see schemas/README.md for the pipeline, versions and licences).
// Usage: node scripts/schemas.mjs [--force]   (skips the work when the output's stamp matches this script)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { transformSync } from 'esbuild';

export const ISTIO_API = 'istio.io/api@v1.31.4';
export const ISTIO_RELEASE = 'Istio 1.31';
export const GATEWAY_API = 'sigs.k8s.io/gateway-api@v1.4.1';
export const KUBERNETES = 'k8s.io/kubernetes@v1.33.7';
/** Bump when the output's shape changes (the runtime checks it). */
export const FORMAT = 2;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const scriptPath = fileURLToPath(import.meta.url);
export const OUTPUT = path.join(root, 'schemas/generated/bundle.json');
/** The schemas themselves (id → JSON text), apart from the metadata so that runs which never need one skip them. */
export const SCHEMA_TEXTS = path.join(root, 'schemas/generated/schema-texts.json');

/**
 * The CRD → bundle conversion lives in the server's schema layer, which also converts CRDs read from a
 * cluster at run time. It is TypeScript without run-time imports: stripped of its types with esbuild here, so
 * this script runs on any Node version.
 */
const CONVERTER = path.join(root, 'server/src/schema/crdConvert.ts');
const converterSource = readFileSync(CONVERTER, 'utf8');
const { code: converterCode } = transformSync(converterSource, { loader: 'ts', format: 'esm', target: 'es2022' });
const { convertCrd, COPIED, OBJECT_META, compareVersions, deprecationHint, listKeysOf, summaryOf } = await import(`data:text/javascript;base64,${Buffer.from(converterCode).toString('base64')}`);
export { compareVersions };

/**
 * Gateway API CRD files: the standard channel, plus the experimental route kinds the standard one lacks.
 * Fields only the experimental channel adds to standard kinds (e.g. Gateway spec.tls) are reported as unknown.
 */
const GATEWAY_FILES = [
  'config/crd/standard/gateway.networking.k8s.io_gatewayclasses.yaml',
  'config/crd/standard/gateway.networking.k8s.io_gateways.yaml',
  'config/crd/standard/gateway.networking.k8s.io_httproutes.yaml',
  'config/crd/standard/gateway.networking.k8s.io_grpcroutes.yaml',
  'config/crd/standard/gateway.networking.k8s.io_referencegrants.yaml',
  'config/crd/standard/gateway.networking.k8s.io_backendtlspolicies.yaml',
  'config/crd/experimental/gateway.networking.k8s.io_tcproutes.yaml',
  'config/crd/experimental/gateway.networking.k8s.io_tlsroutes.yaml',
  'config/crd/experimental/gateway.networking.k8s.io_udproutes.yaml',
];

/** Core OpenAPI v3 documents: file → the API group/version whose kinds we keep. */
const KUBERNETES_FILES = [
  { file: 'api/openapi-spec/v3/api__v1_openapi.json', group: '', version: 'v1', prefix: 'io.k8s.api.core.v1.' },
  { file: 'api/openapi-spec/v3/apis__apps__v1_openapi.json', group: 'apps', version: 'v1', prefix: 'io.k8s.api.apps.v1.' },
];

/** Fields of core definitions that carry a port number (Meshwright's own overlay: MW0107). */
const CORE_PORT_FIELDS = {
  'io.k8s.api.core.v1.ServicePort': ['port', 'targetPort', 'nodePort'],
  'io.k8s.api.core.v1.ContainerPort': ['containerPort', 'hostPort'],
  'io.k8s.api.core.v1.EndpointPort': ['port'],
};
/** Fields of core definitions that are label maps (MW0108). */
const CORE_LABEL_FIELDS = {
  [OBJECT_META]: { labels: 'labels', annotations: 'annotations' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { matchLabels: 'labels' },
  'io.k8s.api.core.v1.ServiceSpec': { selector: 'labels' },
  'io.k8s.api.core.v1.ReplicationControllerSpec': { selector: 'labels' },
};

// ---------------------------------------------------------------------------------------------------------
// Sources

/** The folder of a Go module version, downloading it into the module cache when needed (idempotent). */
function moduleDir(module) {
  const go = ['/usr/local/go/bin/go'].find((candidate) => existsSync(candidate)) ?? 'go';
  let json;
  try {
    json = execFileSync(go, ['mod', 'download', '-json', module], { encoding: 'utf8', cwd: root, env: { ...process.env, GOFLAGS: '-mod=mod' }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // `go mod download -json` prints a JSON object with an Error field on failure (exit status 1).
    const output = String(error.stdout ?? '') || String(error.stderr ?? '') || String(error.message);
    throw new Error(`scripts/schemas.mjs needs the Go toolchain and the Go module proxy to fetch ${module}: ${output.trim()}`);
  }
  const info = JSON.parse(json);
  if (info.Error || !info.Dir) throw new Error(`go mod download ${module}: ${info.Error ?? 'no Dir'}`);
  return info.Dir;
}

// ---------------------------------------------------------------------------------------------------------
// Core OpenAPI v3 definitions → JSON Schema with local $defs

/** Converts an OpenAPI definition; `$ref`s become local `#/$defs/<name>` and are reported to `seen`. */
function convertOpenApi(definitionName, node, seen, propertyName) {
  if (!node || typeof node !== 'object') return {};
  if (node.$ref) return refTo(node.$ref, seen);
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && node.allOf[0].$ref) {
    const out = refTo(node.allOf[0].$ref, seen);
    if (node.description) out.description = node.description;
    if (node.default !== undefined && !(typeof node.default === 'object' && Object.keys(node.default).length === 0)) out.default = node.default;
    return out;
  }
  const out = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  if (node.type) out.type = node.nullable ? [node.type, 'null'] : node.type;
  if (node.properties) {
    out.properties = {};
    for (const [key, child] of Object.entries(node.properties)) {
      const converted = convertOpenApi(definitionName, child, seen, key);
      const deprecation = deprecationHint(child.description);
      if (deprecation !== undefined) converted['x-mw-deprecated'] = deprecation;
      if (CORE_PORT_FIELDS[definitionName]?.includes(key)) converted['x-mw-port'] = true;
      const labels = propertyName === undefined ? CORE_LABEL_FIELDS[definitionName]?.[key] : undefined;
      if (labels) converted['x-mw-format'] = labels;
      out.properties[key] = converted;
    }
    if (node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  }
  if (node.items) out.items = convertOpenApi(definitionName, node.items, seen, undefined);
  const itemRef = node.items?.$ref ?? node.items?.allOf?.[0]?.$ref;
  const listKeys = listKeysOf(node, itemRef ? openApiDefinitions[itemRef.replace('#/components/schemas/', '')] : node.items);
  if (listKeys) out['x-mw-list-keys'] = listKeys;
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.additionalProperties = convertOpenApi(definitionName, node.additionalProperties, seen, undefined);
  }
  if (node['x-kubernetes-unions']) out['x-kubernetes-unions'] = node['x-kubernetes-unions'];
  return out;
}

function refTo(ref, seen) {
  const name = ref.replace('#/components/schemas/', '');
  seen.add(name);
  return { $ref: `#/$defs/${name}` };
}

/** Special shapes the OpenAPI document expresses with oneOf. */
function convertDefinition(name, node, seen) {
  if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return { description: node.description, type: ['integer', 'string'], 'x-kubernetes-int-or-string': true };
  if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return { description: node.description, type: ['string', 'number'], 'x-mw-format': 'quantity' };
  if (name === 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1' || name === 'io.k8s.apimachinery.pkg.runtime.RawExtension') {
    return { description: node.description, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
  return convertOpenApi(name, node, seen, undefined);
}

/** A self-contained schema: the root definition plus every definition it reaches. */
function closedSchema(rootName, definitions) {
  const defs = {};
  const queue = [rootName];
  const seen = new Set(queue);
  let rootSchema;
  while (queue.length) {
    const name = queue.shift();
    const found = new Set();
    const converted = convertDefinition(name, definitions[name], found);
    if (name === rootName) rootSchema = converted;
    else defs[name] = converted;
    for (const next of found) if (!seen.has(next)) { seen.add(next); queue.push(next); }
  }
  return { ...rootSchema, $defs: defs };
}

// ---------------------------------------------------------------------------------------------------------
// Kinds

/** ObjectMeta and what it references, as $defs shared by every CRD kind. */
function objectMetaDefs(definitions) {
  openApiDefinitions = definitions;
  const closed = closedSchema(OBJECT_META, definitions);
  const { $defs, ...meta } = closed;
  return { ...$defs, [OBJECT_META]: meta };
}

function addCrds(text, source, release, kinds, schemas, metaDefs) {
  for (const document of parseAllDocuments(text)) {
    const crd = document.toJS({ maxAliasCount: -1 });
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const input = {
      group: crd.spec.group,
      kind: crd.spec.names.kind,
      scope: crd.spec.scope,
      versions: (crd.spec.versions ?? []).map((version) => ({ ...version, schema: version.schema?.openAPIV3Schema })),
    };
    for (const { info, schema } of convertCrd(input, { source, release, metaDefs })) {
      kinds.push({ ...info, schema: addSchema(schemas, schema) });
    }
  }
}

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus']);

/** The OpenAPI definitions being converted (item definitions are looked up for list-key defaults). */
let openApiDefinitions = {};

function addKubernetes(dir, kinds, schemas) {
  for (const { file, group, version, prefix } of KUBERNETES_FILES) {
    const definitions = JSON.parse(readFileSync(path.join(dir, file), 'utf8')).components.schemas;
    openApiDefinitions = definitions;
    for (const [name, definition] of Object.entries(definitions)) {
      const gvk = definition['x-kubernetes-group-version-kind']?.[0];
      if (!name.startsWith(prefix) || !gvk || gvk.group !== group || gvk.version !== version || gvk.kind.endsWith('List')) continue;
      const schema = closedSchema(name, definitions);
      const apiVersion = group ? `${group}/${version}` : version;
      schema.required = [...new Set(['apiVersion', 'kind', 'metadata', ...(schema.required ?? [])])];
      const id = addSchema(schemas, { schema, cel: [] });
      kinds.push({
        apiVersion,
        group,
        version,
        kind: gvk.kind,
        served: true,
        storage: true,
        preferredVersion: version,
        deprecated: false,
        namespaced: !CLUSTER_SCOPED.has(gvk.kind),
        source: 'kubernetes',
        release: 'Kubernetes 1.33',
        docsUrl: `https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.33/#${gvk.kind.toLowerCase()}-${version}-${group ? group.split('.')[0] : 'core'}`,
        summary: summaryOf(definition.description),
        schema: id,
      });
    }
  }
}

/** Stores a schema once (identical versions share it); returns its id. Each is kept as JSON text, parsed on first use. */
function addSchema(schemas, entry) {
  const text = JSON.stringify(entry);
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  schemas[id] = text;
  return id;
}

// ---------------------------------------------------------------------------------------------------------

/** Identifies the generator and its inputs; the output is regenerated when it changes. */
export function currentStamp() {
  return createHash('sha256').update(readFileSync(scriptPath)).update(converterSource).update(`${FORMAT} ${ISTIO_API} ${GATEWAY_API} ${KUBERNETES}`).digest('hex').slice(0, 16);
}

/** Cheap freshness check (reads only the head of the output file). */
export function isFresh() {
  if (!existsSync(OUTPUT) || !existsSync(SCHEMA_TEXTS)) return false;
  const buffer = Buffer.alloc(200);
  const fd = openSync(OUTPUT, 'r');
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const head = buffer.toString('utf8', 0, length);
  return head.includes(`"stamp":"${currentStamp()}"`);
}

export function generateSchemas({ force = false } = {}) {
  if (!force && isFresh()) return { path: OUTPUT, skipped: true };
  const kubernetesDir = moduleDir(KUBERNETES);
  const coreDefinitions = JSON.parse(readFileSync(path.join(kubernetesDir, KUBERNETES_FILES[0].file), 'utf8')).components.schemas;
  const metaDefs = objectMetaDefs(coreDefinitions);

  const kinds = [];
  const schemas = {};
  const istioDir = moduleDir(ISTIO_API);
  addCrds(readFileSync(path.join(istioDir, 'kubernetes/customresourcedefinitions.gen.yaml'), 'utf8'), 'istio', ISTIO_RELEASE, kinds, schemas, metaDefs);
  const gatewayDir = moduleDir(GATEWAY_API);
  for (const file of GATEWAY_FILES) addCrds(readFileSync(path.join(gatewayDir, file), 'utf8'), 'gateway-api', 'Gateway API v1.4.1', kinds, schemas, metaDefs);
  addKubernetes(kubernetesDir, kinds, schemas);

  const bundle = {
    stamp: currentStamp(),
    format: FORMAT,
    sources: { istio: ISTIO_API, istioRelease: ISTIO_RELEASE, gatewayApi: GATEWAY_API, kubernetes: KUBERNETES },
    kinds,
  };
  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  // The stamped file last: a fresh stamp means both files are complete.
  writeFileSync(SCHEMA_TEXTS, JSON.stringify(schemas));
  writeFileSync(OUTPUT, JSON.stringify(bundle));
  return { path: OUTPUT, skipped: false, kinds: kinds.length, schemas: Object.keys(schemas).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === scriptPath) {
  const started = Date.now();
  const result = generateSchemas({ force: process.argv.includes('--force') });
  const what = result.skipped ? 'up to date' : `${result.kinds} kinds, ${result.schemas} distinct schemas`;
  console.log(`meshwright: schemas ${what} (${path.relative(root, result.path)}, ${Date.now() - started} ms)`);
}
