// The generated schema bundle (schemas/generated/bundle.json, built by scripts/schemas.mjs) and lookups on it:
// which apiVersion/kind pairs exist, their metadata, and their JSON Schemas (parsed on first use).
import bundle from '../../../schemas/generated/bundle.json' with { type: 'json' };

/** A JSON Schema node as the generator writes it (a subset of draft-07 plus Kubernetes/Meshwright keywords). */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  /** Meshwright: groups of fields of which at most one may be set. */
  readonly 'x-mw-exclusive'?: readonly (readonly string[])[];
  /** Meshwright: value format checked by Meshwright ('duration', 'labels', 'annotations', 'quantity'). */
  readonly 'x-mw-format'?: string;
  /** Meshwright: the value is a port number (1–65535). */
  readonly 'x-mw-port'?: boolean;
  readonly [keyword: string]: unknown;
}

/** One CEL rule of a CRD, with the path of the schema node it sits on ('*' = every list item or map value). */
export interface CelRule {
  readonly path: readonly string[];
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
  /** Set when a Meshwright schema check reports the same problem (MW0106 durations, MW0107 ports). */
  readonly coveredBy?: string;
}

/** A kind at one served version, with what the editor needs to explain it. */
export interface KindInfo {
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly served: boolean;
  /** The version the API server stores (CRDs) — not necessarily the one to write. */
  readonly storage: boolean;
  /** The most stable served version of this kind: the one to write. */
  readonly preferredVersion: string;
  /** The CRD marks this version deprecated. */
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
  readonly namespaced: boolean;
  readonly source: 'istio' | 'gateway-api' | 'kubernetes';
  /** Where the schema comes from, e.g. "Istio 1.31". */
  readonly release: string;
  /** Reference documentation page of the kind. */
  readonly docsUrl: string;
  /** One sentence saying what the kind is for. */
  readonly summary: string;
  /** Key of the kind's schema in the bundle (versions with identical schemas share one). */
  readonly schema: string;
}

/** A kind's schema plus the CEL rules of its CRD. */
export interface KindSchema {
  readonly schema: SchemaNode;
  readonly cel: readonly CelRule[];
}

interface Bundle {
  readonly stamp: string;
  readonly format: number;
  readonly sources: Readonly<Record<string, string>>;
  readonly kinds: readonly KindInfo[];
  readonly schemas: Readonly<Record<string, string>>;
}

const data = bundle as unknown as Bundle;

/** Versions of the schema sources, e.g. { istio: 'istio.io/api@v1.31.4', istioRelease: 'Istio 1.31', … }. */
export const SCHEMA_SOURCES: Readonly<Record<string, string>> = data.sources;

const byApiVersionKind = new Map<string, KindInfo>(data.kinds.map((info) => [`${info.apiVersion}|${info.kind}`, info]));
const groups = new Set(data.kinds.map((info) => info.group));
const parsed = new Map<string, KindSchema>();

/** Every known apiVersion/kind pair (every served version), in bundle order (Istio, Gateway API, core). */
export function knownKinds(): readonly KindInfo[] {
  return data.kinds;
}

/** Metadata of a kind at an apiVersion, or undefined when not known. */
export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  return byApiVersionKind.get(`${apiVersion}|${kind}`);
}

/** All served versions of a kind name, across groups. */
export function kindsNamed(kind: string): KindInfo[] {
  return data.kinds.filter((info) => info.kind === kind);
}

/** The API group is one whose kinds we know (so an unknown kind in it is a mistake, not a foreign CRD). */
export function isKnownGroup(group: string): boolean {
  return groups.has(group);
}

/** The schema (and CEL rules) of a kind at an apiVersion, parsed on first use; undefined when unknown. */
export function schemaFor(apiVersion: string, kind: string): KindSchema | undefined {
  const info = kindInfo(apiVersion, kind);
  return info ? schemaById(info.schema) : undefined;
}

/** The schema behind a KindInfo.schema key. */
export function schemaById(id: string): KindSchema | undefined {
  let entry = parsed.get(id);
  if (!entry) {
    const text = data.schemas[id];
    if (text === undefined) return undefined;
    entry = JSON.parse(text) as KindSchema;
    parsed.set(id, entry);
  }
  return entry;
}

/** Splits an apiVersion into group and version ('v1' → core group ''). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
