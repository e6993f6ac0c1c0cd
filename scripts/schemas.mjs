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

export const ISTIO_API = 'istio.io/api@v1.31.4';
export const ISTIO_RELEASE = 'Istio 1.31';
export const GATEWAY_API = 'sigs.k8s.io/gateway-api@v1.4.1';
export const KUBERNETES = 'k8s.io/kubernetes@v1.33.7';
/** Bump when the output's shape changes (the runtime checks it). */
export const FORMAT = 1;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const scriptPath = fileURLToPath(import.meta.url);
export const OUTPUT = path.join(root, 'schemas/generated/bundle.json');

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
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

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
// Structural schema (CRD openAPIV3Schema) → JSON Schema for ajv

/** Schema annotations copied as they are. */
const COPIED = ['description', 'default', 'enum', 'format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'uniqueItems', 'required',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations'];

const DURATION_RULE = /^duration\(self\) >= duration\('1ms'\)$/;
const PORT_RULE = /^0 < self && self <= 65535$/;
const LABEL_MAP_NAMES = new Set(['labels', 'matchLabels']);

/**
 * Recognises Istio's "at most one of" pattern:
 *   oneOf: [ {not: {anyOf: [{required: [a]}, {required: [b]}]}}, {required: [a]}, {required: [b]} ]
 * and returns [a, b], or undefined for any other oneOf.
 */
function exclusiveGroup(oneOf) {
  if (!Array.isArray(oneOf) || oneOf.length < 2) return undefined;
  const [first, ...rest] = oneOf;
  const listed = first?.not?.anyOf;
  if (!Array.isArray(listed)) return undefined;
  const names = rest.map((item) => (Object.keys(item).length === 1 && item.required?.length === 1 ? item.required[0] : undefined));
  if (names.some((name) => name === undefined)) return undefined;
  const inNot = listed.map((item) => item.required?.[0]);
  if (inNot.length !== names.length || inNot.some((name, i) => name !== names[i])) return undefined;
  return names;
}

/** Converts one structural schema node. `name` is the property name holding it (for overlays). */
function convertStructural(node, name) {
  if (!node || typeof node !== 'object') return {};
  const out = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];

  // Types: int-or-string and nullable become JSON Schema type unions.
  if (node['x-kubernetes-int-or-string']) {
    out.type = ['integer', 'string'];
    out['x-kubernetes-int-or-string'] = true;
  } else if (node.type) {
    out.type = node.nullable ? [node.type, 'null'] : node.type;
  }
  if (node.nullable) out.nullable = true;

  // Meshwright keywords derived from well-known CEL rules (the rules stay in x-kubernetes-validations).
  for (const validation of node['x-kubernetes-validations'] ?? []) {
    if (DURATION_RULE.test(validation.rule)) out['x-mw-format'] = 'duration';
    if (PORT_RULE.test(validation.rule)) out['x-mw-port'] = true;
  }

  // Mutually exclusive fields: Istio's oneOf/allOf-of-oneOf patterns.
  const groups = [];
  const leftovers = {};
  const oneOfGroup = exclusiveGroup(node.oneOf);
  if (oneOfGroup) groups.push(oneOfGroup);
  // Other oneOfs (the Gateway API's address forms) assume defaults were applied first; without them two
  // branches can both match, so they are checked as anyOf (at least one form fits).
  else if (node.oneOf) leftovers.anyOf = node.oneOf;
  if (Array.isArray(node.allOf)) {
    const kept = [];
    for (const item of node.allOf) {
      const group = Object.keys(item).length === 1 ? exclusiveGroup(item.oneOf) : undefined;
      if (group) groups.push(group);
      else kept.push(item);
    }
    if (kept.length) leftovers.allOf = kept;
  }
  if (node.anyOf && !node['x-kubernetes-int-or-string']) {
    if (leftovers.anyOf) leftovers.allOf = [...(leftovers.allOf ?? []), { anyOf: node.anyOf }];
    else leftovers.anyOf = node.anyOf;
  }
  if (node.not) leftovers.not = node.not;
  if (groups.length) out['x-mw-exclusive'] = groups;
  for (const [key, value] of Object.entries(leftovers)) out[key] = Array.isArray(value) ? value.map(convertLoose) : convertLoose(value);

  if (node.properties) {
    out.properties = {};
    for (const [key, child] of Object.entries(node.properties)) out.properties[key] = convertStructural(child, key);
  }
  if (node.items) out.items = convertStructural(node.items, undefined);
  if (node.additionalProperties !== undefined && typeof node.additionalProperties === 'object') {
    out.additionalProperties = convertStructural(node.additionalProperties, undefined);
  }
  const listKeys = listKeysOf(node, node.items);
  if (listKeys) out['x-mw-list-keys'] = listKeys;
  if (node['x-kubernetes-preserve-unknown-fields']) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  } else if (node.properties && node.additionalProperties === undefined) {
    // The API server prunes (kubectl's strict validation rejects) fields a structural schema does not list.
    out.additionalProperties = false;
  }
  const deprecation = deprecationHint(node.description);
  if (deprecation !== undefined) out['x-mw-deprecated'] = deprecation;
  if (name && LABEL_MAP_NAMES.has(name) && node.type === 'object' && node.additionalProperties?.type === 'string') {
    out['x-mw-format'] = 'labels';
  }
  return out;
}

/**
 * Keys that must be unique in a list (`x-kubernetes-list-type: map` with its map keys, or `set`), with the
 * keys' defaults (the API server compares defaulted items): { keys: [...], defaults: {...} }.
 */
function listKeysOf(node, items) {
  if (node['x-kubernetes-list-type'] === 'set') return { keys: [], defaults: {} };
  if (node['x-kubernetes-list-type'] !== 'map' || !node['x-kubernetes-list-map-keys']) return undefined;
  const keys = node['x-kubernetes-list-map-keys'];
  const defaults = {};
  for (const key of keys) if (items?.properties?.[key]?.default !== undefined) defaults[key] = items.properties[key].default;
  return { keys, defaults };
}

/** A field documented as deprecated: the advice after "Deprecated:" ('' when there is none), else undefined. */
function deprecationHint(description) {
  const match = /(?:^|\n|\.\s+)Deprecated(?:[.:]\s*([^\n]*))?/.exec(description ?? '');
  if (!match || /^Deprecated[A-Z]/.test(description.slice(match.index).trim())) return undefined;
  return (match[1] ?? '').trim();
}

/** Sub-schemas inside oneOf/anyOf/not constrain, they do not declare fields: keep them without pruning rules. */
function convertLoose(node) {
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertLoose(v)]));
    else if (key === 'items' || key === 'not' || key === 'additionalProperties') out[key] = convertLoose(value);
    else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') out[key] = value.map(convertLoose);
    else out[key] = value;
  }
  return out;
}

/** Every x-kubernetes-validations rule with its path ('*' = every item of a list or value of a map). */
function collectCel(schema, schemaPath, out) {
  if (!schema || typeof schema !== 'object') return;
  for (const validation of schema['x-kubernetes-validations'] ?? []) {
    const rule = { path: schemaPath, ...validation };
    if (DURATION_RULE.test(validation.rule)) rule.coveredBy = 'MW0106';
    if (PORT_RULE.test(validation.rule)) rule.coveredBy = 'MW0107';
    out.push(rule);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) collectCel(child, [...schemaPath, key], out);
  if (schema.items) collectCel(schema.items, [...schemaPath, '*'], out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') collectCel(schema.additionalProperties, [...schemaPath, '*'], out);
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

/** Reference pages whose URL the CRD description does not mention. */
const ISTIO_DOCS_FALLBACK = { WasmPlugin: 'proxy_extensions/wasm-plugin' };

function istioDocsUrl(kind, description) {
  if (ISTIO_DOCS_FALLBACK[kind]) return `https://istio.io/latest/docs/reference/config/${ISTIO_DOCS_FALLBACK[kind]}/`;
  const match = /https:\/\/istio\.io\/docs\/reference\/config\/([a-z0-9/_-]+)\.html/.exec(description ?? '');
  return match ? `https://istio.io/latest/docs/reference/config/${match[1]}/` : 'https://istio.io/latest/docs/reference/config/';
}

/** First sentence of a description, without Istio's "See more details at" pointer. */
function summaryOf(description) {
  const text = (description ?? '').replace(/\s*See more details at:?\s*\S+/, '').replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text);
  return (sentence ? sentence[1] : text).slice(0, 300);
}

/** Adds the wrapping every Kubernetes object has (apiVersion, kind, metadata) to a CRD's schema. */
function objectSchema(crdSchema, group, version, kind, metaDefs) {
  const schema = convertStructural(crdSchema, undefined);
  schema.type = 'object';
  const { apiVersion, kind: _kind, metadata, ...rest } = schema.properties ?? {};
  schema.properties = {
    apiVersion: { type: 'string', description: apiVersion?.description ?? `The versioned schema of this object: \`${group}/${version}\`.` },
    kind: { type: 'string', description: `The kind of this object: \`${kind}\`.` },
    metadata: { $ref: `#/$defs/${OBJECT_META}`, description: metadata?.description ?? 'Standard object metadata: name, namespace, labels, annotations.' },
    ...rest,
  };
  if (schema.properties.status) {
    // Written by controllers, never by authors: keep it open and small.
    schema.properties.status = { type: 'object', description: 'Set by the controllers; not written by hand.', 'x-kubernetes-preserve-unknown-fields': true };
  }
  schema.required = [...new Set(['apiVersion', 'kind', 'metadata', ...(schema.required ?? [])])];
  schema.additionalProperties = false;
  delete schema['x-kubernetes-preserve-unknown-fields'];
  schema.$defs = metaDefs;
  return schema;
}

/** Subtrees at least this large (JSON characters) that occur more than once are shared through $defs. */
const SHARE_THRESHOLD = 1500;

/**
 * CRD schemas repeat whole structures (a DestinationRule's traffic policy appears at the top, per subset
 * and per port). Identical subtrees (ignoring their own description and default) become one `$defs` entry
 * referenced with `$ref`, so ajv compiles each once: smaller bundle, faster first validation.
 */
function shareRepeatedSubtrees(schema) {
  const keyOf = (node) => {
    const { description: _description, default: _default, ...rest } = node;
    return JSON.stringify(rest);
  };
  const counts = new Map();
  const count = (node) => {
    if (!node || typeof node !== 'object' || node.$ref) return;
    if (node.properties) {
      const key = keyOf(node);
      if (key.length >= SHARE_THRESHOLD) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const child of Object.values(node.properties ?? {})) count(child);
    if (node.items) count(node.items);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') count(node.additionalProperties);
  };
  const defs = {};
  const share = (node) => {
    if (!node || typeof node !== 'object' || node.$ref) return node;
    if (node.properties) {
      const key = keyOf(node);
      if ((counts.get(key) ?? 0) > 1) {
        const name = `shared.${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
        if (!defs[name]) {
          const { description: _description, default: _default, ...rest } = node;
          defs[name] = {};
          defs[name] = withSharedChildren(rest);
        }
        const ref = { $ref: `#/$defs/${name}` };
        if (node.description !== undefined) ref.description = node.description;
        if (node.default !== undefined) ref.default = node.default;
        return ref;
      }
    }
    return withSharedChildren(node);
  };
  const withSharedChildren = (node) => {
    const out = { ...node };
    if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([key, child]) => [key, share(child)]));
    if (node.items) out.items = share(node.items);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = share(node.additionalProperties);
    return out;
  };
  count(schema);
  const shared = withSharedChildren(schema);
  shared.$defs = { ...(schema.$defs ?? {}), ...defs };
  return shared;
}

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
    const { group, names, scope } = crd.spec;
    const versions = crd.spec.versions ?? [];
    const storage = versions.find((v) => v.storage)?.name;
    const preferred = versions.filter((v) => v.served).map((v) => v.name).sort(compareVersions)[0];
    for (const version of versions) {
      if (!version.served) continue;
      const crdSchema = version.schema?.openAPIV3Schema ?? {};
      const description = source === 'istio' ? crdSchema.properties?.spec?.description : crdSchema.description;
      const cel = [];
      collectCel(crdSchema, [], cel);
      const authored = cel.filter((rule) => rule.path[0] !== 'status');
      const id = addSchema(schemas, { schema: shareRepeatedSubtrees(objectSchema(crdSchema, group, version.name, names.kind, metaDefs)), cel: authored });
      kinds.push({
        apiVersion: `${group}/${version.name}`,
        group,
        version: version.name,
        kind: names.kind,
        served: true,
        storage: version.name === storage,
        preferredVersion: preferred,
        deprecated: version.deprecated === true,
        ...(version.deprecationWarning ? { deprecationWarning: version.deprecationWarning } : {}),
        namespaced: scope === 'Namespaced',
        source,
        release,
        docsUrl: source === 'istio' ? istioDocsUrl(names.kind, description) : `https://gateway-api.sigs.k8s.io/reference/spec/#${names.kind.toLowerCase()}`,
        summary: summaryOf(description),
        schema: id,
      });
    }
  }
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v1 < v2 as GA). */
export function compareVersions(a, b) {
  const rank = (version) => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) return [3, 0, 0];
    const stability = match[2] === 'alpha' ? 2 : match[2] === 'beta' ? 1 : 0;
    return [stability, -Number(match[1]), -Number(match[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
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
  return createHash('sha256').update(readFileSync(scriptPath)).update(`${FORMAT} ${ISTIO_API} ${GATEWAY_API} ${KUBERNETES}`).digest('hex').slice(0, 16);
}

/** Cheap freshness check (reads only the head of the output file). */
export function isFresh() {
  if (!existsSync(OUTPUT)) return false;
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
    schemas,
  };
  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, JSON.stringify(bundle));
  return { path: OUTPUT, skipped: false, kinds: kinds.length, schemas: Object.keys(schemas).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === scriptPath) {
  const started = Date.now();
  const result = generateSchemas({ force: process.argv.includes('--force') });
  const what = result.skipped ? 'up to date' : `${result.kinds} kinds, ${result.schemas} distinct schemas`;
  console.log(`meshwright: schemas ${what} (${path.relative(root, result.path)}, ${Date.now() - started} ms)`);
}
