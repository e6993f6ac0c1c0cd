// The generated schema bundle (schemas/generated/bundle.json and schema-texts.json, built by scripts/schemas.mjs)
// and lookups on it: which apiVersion/kind pairs exist, their metadata, and their JSON Schemas (read and parsed on
// first use). An overlay (CRD schemas read from a cluster) can replace the bundled kinds so validation follows the
// installed version.
import bundle from '../../../schemas/generated/bundle.json' with { type: 'json' };
import { SHARED_PREFIX } from './crdConvert.ts';
import { requireFromSource } from '../model/sourceRequire.ts';

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
}

const data = bundle as unknown as Bundle;

let schemaTexts: Readonly<Record<string, string>> | undefined;
/**
 * The schemas' JSON texts by id: several megabytes that a CLI run with precompiled validators and no schema errors
 * never reads, so they load on first use.
 */
function bundledSchemaTexts(): Readonly<Record<string, string>> {
  return (schemaTexts ??=
    typeof require === 'function'
      ? (require('../../../schemas/generated/schema-texts.json') as Record<string, string>)
      : (requireFromSource(import.meta.url, '../../../schemas/generated/schema-texts.json') as Record<string, string>));
}

/** Versions of the schema sources, e.g. { istio: 'istio.io/api@v1.31.4', istioRelease: 'Istio 1.31', … }. */
export const SCHEMA_SOURCES: Readonly<Record<string, string>> = data.sources;
/** Identifies this generated bundle (validators generated from it at build time carry the same stamp). */
export const SCHEMA_BUNDLE_STAMP: string = data.stamp;

const bundledByApiVersionKind = new Map<string, KindInfo>(data.kinds.map((info) => [`${info.apiVersion}|${info.kind}`, info]));
const bundledGroups = new Set(data.kinds.map((info) => info.group));
const parsed = new Map<string, KindSchema>();

// ---------------------------------------------------------------------------------------------------------
// Overlay: schemas read from a cluster (cluster-aware analysis) replace the bundled ones

/** Kinds whose schemas come from somewhere else than the bundle (CRDs read from a cluster). */
export interface SchemaOverlay {
  /** Every served version of the overlaid kinds; their `schema` keys name entries of `schemas`. */
  readonly kinds: readonly KindInfo[];
  readonly schemas: Readonly<Record<string, KindSchema>>;
  /** Per 'group/version/Kind': the CRD's CEL rules and the schema defaults applied before them. */
  readonly cel?: Readonly<Record<string, { readonly rules: readonly CelRule[]; readonly defaults: readonly { readonly path: readonly string[]; readonly value: unknown }[] }>>;
  /** What the overlay is, for messages: e.g. 'Istio 1.27.3 from context "dev"'. */
  readonly description?: string;
}

interface ActiveKinds {
  readonly all: readonly KindInfo[];
  readonly byApiVersionKind: ReadonlyMap<string, KindInfo>;
  readonly groups: ReadonlySet<string>;
}

let overlay: SchemaOverlay | undefined;
let overlayGeneration = 0;
let active: ActiveKinds = { all: data.kinds, byApiVersionKind: bundledByApiVersionKind, groups: bundledGroups };

/**
 * Replaces (or with undefined, removes) the overlay. A kind (group + kind name) the overlay describes is taken
 * from it entirely: its versions, schemas and metadata; versions only the bundle serves are dropped, so an
 * apiVersion the cluster does not serve is reported like any unknown version. Kinds the bundle lacks are added.
 */
export function setSchemaOverlay(next: SchemaOverlay | undefined): void {
  overlay = next && next.kinds.length > 0 ? next : undefined;
  overlayGeneration++;
  if (!overlay) {
    active = { all: data.kinds, byApiVersionKind: bundledByApiVersionKind, groups: bundledGroups };
    return;
  }
  const kindKey = (info: KindInfo) => `${info.group}|${info.kind}`;
  const replaced = new Map<string, KindInfo[]>();
  for (const info of overlay.kinds) replaced.set(kindKey(info), [...(replaced.get(kindKey(info)) ?? []), info]);
  const all: KindInfo[] = [];
  const placed = new Set<string>();
  for (const info of data.kinds) {
    const key = kindKey(info);
    const replacement = replaced.get(key);
    if (!replacement) all.push(info);
    else if (!placed.has(key)) {
      placed.add(key);
      all.push(...replacement);
    }
  }
  for (const [key, infos] of replaced) if (!placed.has(key)) all.push(...infos);
  active = {
    all,
    byApiVersionKind: new Map(all.map((info) => [`${info.apiVersion}|${info.kind}`, info])),
    groups: new Set(all.map((info) => info.group)),
  };
}

/** The current overlay, if any. */
export function schemaOverlay(): SchemaOverlay | undefined {
  return overlay;
}

/** Increases whenever the overlay changes (caches of compiled schemas and rules compare it). */
export function schemaOverlayGeneration(): number {
  return overlayGeneration;
}

/** ObjectMeta and the definitions it references, as the bundle's CRD kinds carry them (for converting CRDs). */
export function objectMetaDefinitions(): Record<string, SchemaNode> {
  const crdKind = data.kinds.find((info) => info.source !== 'kubernetes');
  const defs = (crdKind ? schemaById(crdKind.schema)?.schema.$defs : undefined) ?? {};
  return Object.fromEntries(Object.entries(defs).filter(([name]) => !name.startsWith(SHARED_PREFIX)));
}

// ---------------------------------------------------------------------------------------------------------

/** Every known apiVersion/kind pair (every served version), in bundle order (Istio, Gateway API, core). */
export function knownKinds(): readonly KindInfo[] {
  return active.all;
}

/** Metadata of a kind at an apiVersion, or undefined when not known. */
export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  return active.byApiVersionKind.get(`${apiVersion}|${kind}`);
}

/** All served versions of a kind name, across groups. */
export function kindsNamed(kind: string): KindInfo[] {
  return active.all.filter((info) => info.kind === kind);
}

/** The API group is one whose kinds we know (so an unknown kind in it is a mistake, not a foreign CRD). */
export function isKnownGroup(group: string): boolean {
  return active.groups.has(group);
}

/** The schema (and CEL rules) of a kind at an apiVersion, parsed on first use; undefined when unknown. */
export function schemaFor(apiVersion: string, kind: string): KindSchema | undefined {
  const info = kindInfo(apiVersion, kind);
  return info ? schemaById(info.schema) : undefined;
}

/** The schema behind a KindInfo.schema key (the overlay's keys included). */
export function schemaById(id: string): KindSchema | undefined {
  const overlaid = overlay?.schemas[id];
  if (overlaid) return overlaid;
  let entry = parsed.get(id);
  if (!entry) {
    const text = bundledSchemaTexts()[id];
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
