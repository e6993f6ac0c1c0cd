// Converts a CustomResourceDefinition (its openAPIV3Schema per served version) into the schema bundle's form:
// JSON Schema for ajv with Meshwright's x-mw-* keywords, the CRD's CEL rules, and the kind's metadata.
// Shared by the build (scripts/schemas.mjs, for the bundled CRDs) and the runtime (schemas read from a cluster).
// Pure: no imports at run time, so the build script can load this file on its own.
import type { CelRule, KindInfo, KindSchema, SchemaNode } from './bundle.ts';

/** A CRD as read from a YAML file or an API server (only what the conversion uses). */
export interface CrdInput {
  readonly group: string;
  readonly kind: string;
  /** 'Namespaced' (default) or 'Cluster'. */
  readonly scope?: string;
  readonly versions: readonly CrdVersionInput[];
}

export interface CrdVersionInput {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated?: boolean;
  readonly deprecationWarning?: string;
  /** The version's openAPIV3Schema. */
  readonly schema?: unknown;
}

/** One served version of a converted CRD: its metadata (without the bundle key) and its schema. */
export interface ConvertedVersion {
  readonly info: Omit<KindInfo, 'schema'>;
  readonly schema: KindSchema;
  /** Schema defaults (path with '*' wildcards → value), which the CEL evaluator applies first. */
  readonly celDefaults: { path: string[]; value: unknown }[];
}

export interface ConvertOptions {
  readonly source: KindInfo['source'];
  /** Where the schema comes from, e.g. "Istio 1.31". */
  readonly release: string;
  /** ObjectMeta and the definitions it references, keyed by their OpenAPI names. */
  readonly metaDefs: Readonly<Record<string, SchemaNode>>;
}

/** The OpenAPI name of ObjectMeta: every CRD kind's `metadata` refers to it. */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// A structural schema node as written in a CRD: loosely typed JSON.
type Json = any;

/** Schema annotations copied as they are. */
export const COPIED = ['description', 'default', 'enum', 'format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
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
function exclusiveGroup(oneOf: Json): string[] | undefined {
  if (!Array.isArray(oneOf) || oneOf.length < 2) return undefined;
  const [first, ...rest] = oneOf;
  const listed = first?.not?.anyOf;
  if (!Array.isArray(listed)) return undefined;
  const names = rest.map((item: Json) => (Object.keys(item).length === 1 && item.required?.length === 1 ? item.required[0] : undefined));
  if (names.some((name: unknown) => name === undefined)) return undefined;
  const inNot = listed.map((item: Json) => item.required?.[0]);
  if (inNot.length !== names.length || inNot.some((name: unknown, i: number) => name !== names[i])) return undefined;
  return names;
}

/** Converts one structural schema node. `name` is the property name holding it (for overlays). */
export function convertStructural(node: Json, name: string | undefined): Json {
  if (!node || typeof node !== 'object') return {};
  const out: Json = {};
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
  const groups: string[][] = [];
  const leftovers: Json = {};
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
export function listKeysOf(node: Json, items: Json): { keys: string[]; defaults: Record<string, unknown> } | undefined {
  if (node['x-kubernetes-list-type'] === 'set') return { keys: [], defaults: {} };
  if (node['x-kubernetes-list-type'] !== 'map' || !node['x-kubernetes-list-map-keys']) return undefined;
  const keys: string[] = node['x-kubernetes-list-map-keys'];
  const defaults: Record<string, unknown> = {};
  for (const key of keys) if (items?.properties?.[key]?.default !== undefined) defaults[key] = items.properties[key].default;
  return { keys, defaults };
}

/** A field documented as deprecated: the advice after "Deprecated:" ('' when there is none), else undefined. */
export function deprecationHint(description: string | undefined): string | undefined {
  const match = /(?:^|\n|\.\s+)Deprecated(?:[.:]\s*([^\n]*))?/.exec(description ?? '');
  if (!match || /^Deprecated[A-Z]/.test(description!.slice(match.index).trim())) return undefined;
  return (match[1] ?? '').trim();
}

/** Sub-schemas inside oneOf/anyOf/not constrain, they do not declare fields: keep them without pruning rules. */
function convertLoose(node: Json): Json {
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node) as [string, Json][]) {
    if (key === 'description') continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertLoose(v)]));
    else if (key === 'items' || key === 'not' || key === 'additionalProperties') out[key] = convertLoose(value);
    else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') out[key] = value.map(convertLoose);
    else out[key] = value;
  }
  return out;
}

/** Every x-kubernetes-validations rule with its path ('*' = every item of a list or value of a map). */
export function collectCel(schema: Json, schemaPath: string[], out: CelRule[]): void {
  if (!schema || typeof schema !== 'object') return;
  for (const validation of schema['x-kubernetes-validations'] ?? []) {
    const rule: Json = { path: schemaPath, ...validation };
    if (DURATION_RULE.test(validation.rule)) rule.coveredBy = 'MW0106';
    if (PORT_RULE.test(validation.rule)) rule.coveredBy = 'MW0107';
    out.push(rule);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) collectCel(child, [...schemaPath, key], out);
  if (schema.items) collectCel(schema.items, [...schemaPath, '*'], out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') collectCel(schema.additionalProperties, [...schemaPath, '*'], out);
}

/** Every `default` below the root with its path: the API server applies them before it evaluates CEL rules. */
function collectDefaults(schema: Json, schemaPath: string[], out: { path: string[]; value: unknown }[]): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.default !== undefined && schemaPath.length > 0) out.push({ path: schemaPath, value: schema.default });
  for (const [key, child] of Object.entries(schema.properties ?? {})) collectDefaults(child, [...schemaPath, key], out);
  if (schema.items) collectDefaults(schema.items, [...schemaPath, '*'], out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') collectDefaults(schema.additionalProperties, [...schemaPath, '*'], out);
}

// ---------------------------------------------------------------------------------------------------------
// Kind metadata

/** Reference pages whose URL the CRD description does not mention. */
const ISTIO_DOCS_FALLBACK: Record<string, string> = { WasmPlugin: 'proxy_extensions/wasm-plugin' };

function istioDocsUrl(kind: string, description: string | undefined): string {
  if (ISTIO_DOCS_FALLBACK[kind]) return `https://istio.io/latest/docs/reference/config/${ISTIO_DOCS_FALLBACK[kind]}/`;
  const match = /https:\/\/istio\.io\/docs\/reference\/config\/([a-z0-9/_-]+)\.html/.exec(description ?? '');
  return match ? `https://istio.io/latest/docs/reference/config/${match[1]}/` : 'https://istio.io/latest/docs/reference/config/';
}

/** First sentence of a description, without Istio's "See more details at" pointer. */
export function summaryOf(description: string | undefined): string {
  const text = (description ?? '').replace(/\s*See more details at:?\s*\S+/, '').replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text);
  return (sentence ? sentence[1]! : text).slice(0, 300);
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v1 < v2 as GA). */
export function compareVersions(a: string, b: string): number {
  const rank = (version: string): number[] => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) return [3, 0, 0];
    const stability = match[2] === 'alpha' ? 2 : match[2] === 'beta' ? 1 : 0;
    return [stability, -Number(match[1]), -Number(match[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// Whole kinds

/** Adds the wrapping every Kubernetes object has (apiVersion, kind, metadata) to a CRD's schema. */
function objectSchema(crdSchema: Json, group: string, version: string, kind: string, metaDefs: Readonly<Record<string, SchemaNode>>): Json {
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

/** Prefix of the $defs entries made by shareRepeatedSubtrees (the others are ObjectMeta's). */
export const SHARED_PREFIX = 'shared.';

/** A short, stable hash of a text (FNV-1a, 2 × 32 bits), for naming shared subtrees. */
function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0').slice(0, 4);
}

/**
 * CRD schemas repeat whole structures (a DestinationRule's traffic policy appears at the top, per subset
 * and per port). Identical subtrees (ignoring their own description and default) become one `$defs` entry
 * referenced with `$ref`, so ajv compiles each once: smaller bundle, faster first validation.
 */
function shareRepeatedSubtrees(schema: Json): Json {
  const keyOf = (node: Json): string => {
    const { description: _description, default: _default, ...rest } = node;
    return JSON.stringify(rest);
  };
  const counts = new Map<string, number>();
  const count = (node: Json): void => {
    if (!node || typeof node !== 'object' || node.$ref) return;
    if (node.properties) {
      const key = keyOf(node);
      if (key.length >= SHARE_THRESHOLD) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const child of Object.values(node.properties ?? {})) count(child);
    if (node.items) count(node.items);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') count(node.additionalProperties);
  };
  const defs: Json = {};
  const share = (node: Json): Json => {
    if (!node || typeof node !== 'object' || node.$ref) return node;
    if (node.properties) {
      const key = keyOf(node);
      if ((counts.get(key) ?? 0) > 1) {
        const name = `${SHARED_PREFIX}${shortHash(key)}`;
        if (!defs[name]) {
          const { description: _description, default: _default, ...rest } = node;
          defs[name] = {};
          defs[name] = withSharedChildren(rest);
        }
        const ref: Json = { $ref: `#/$defs/${name}` };
        if (node.description !== undefined) ref.description = node.description;
        if (node.default !== undefined) ref.default = node.default;
        return ref;
      }
    }
    return withSharedChildren(node);
  };
  const withSharedChildren = (node: Json): Json => {
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

/** Converts every served version of a CRD into the bundle's form. */
export function convertCrd(crd: CrdInput, options: ConvertOptions): ConvertedVersion[] {
  const { group, kind } = crd;
  const storage = crd.versions.find((version) => version.storage)?.name;
  const preferred = crd.versions.filter((version) => version.served).map((version) => version.name).sort(compareVersions)[0]!;
  const out: ConvertedVersion[] = [];
  for (const version of crd.versions) {
    if (!version.served) continue;
    const crdSchema: Json = version.schema ?? {};
    const description: string | undefined = options.source === 'istio' ? crdSchema.properties?.spec?.description : crdSchema.description;
    const cel: CelRule[] = [];
    collectCel(crdSchema, [], cel);
    const celDefaults: { path: string[]; value: unknown }[] = [];
    collectDefaults(crdSchema, [], celDefaults);
    const authored = cel.filter((rule) => rule.path[0] !== 'status');
    out.push({
      info: {
        apiVersion: `${group}/${version.name}`,
        group,
        version: version.name,
        kind,
        served: true,
        storage: version.name === storage,
        preferredVersion: preferred,
        deprecated: version.deprecated === true,
        ...(version.deprecationWarning ? { deprecationWarning: version.deprecationWarning } : {}),
        namespaced: (crd.scope ?? 'Namespaced') === 'Namespaced',
        source: options.source,
        release: options.release,
        docsUrl: options.source === 'istio' ? istioDocsUrl(kind, description) : `https://gateway-api.sigs.k8s.io/reference/spec/#${kind.toLowerCase()}`,
        summary: summaryOf(description),
      },
      schema: { schema: shareRepeatedSubtrees(objectSchema(crdSchema, group, version.name, kind, options.metaDefs)), cel: authored },
      celDefaults,
    });
  }
  return out;
}
