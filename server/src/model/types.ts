// Plain data shapes of the model layer: YAML source trees, Kubernetes resources and object paths.
// Everything here is immutable data; offsets inside a tree are relative to the start of its YAML document.

/** One step of an object path: a mapping key or a sequence index. */
export type PathSegment = string | number;
/** An object path inside a resource, e.g. ['spec', 'http', 0, 'route', 1, 'destination', 'subset']. */
export type ObjectPath = readonly PathSegment[];

/** A half-open span of character offsets [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface YamlScalar extends Span {
  readonly kind: 'scalar';
  /** Resolved value (YAML 1.2 core schema): string, number, boolean or null. */
  readonly value: string | number | boolean | null;
  /** The scalar was written plain (unquoted, not a block scalar). */
  readonly plain: boolean;
}

export interface YamlEntry {
  /** Key as text (non-scalar keys are stringified). */
  readonly key: string;
  readonly keySpan: Span;
  /** The value node; null when the key has no value (`key:`). */
  readonly value: YamlNode | null;
}

export interface YamlMap extends Span {
  readonly kind: 'map';
  readonly entries: readonly YamlEntry[];
  /** Flow style (`{a: 1}`) rather than block style. */
  readonly flow: boolean;
}

export interface YamlSeq extends Span {
  readonly kind: 'seq';
  readonly items: readonly (YamlNode | null)[];
  readonly flow: boolean;
}

export type YamlNode = YamlScalar | YamlMap | YamlSeq;

/** A problem found while reading text (syntax, limits), before any schema or analysis. */
export interface SyntaxProblem extends Span {
  /** Catalogue code, e.g. MW0001. */
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
}

/** apiVersion/kind split into its parts. */
export interface GroupVersionKind {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly kind: string;
}

/**
 * One YAML document of a file (the text between `---` markers), parsed on its own.
 * `offset` is where the document's text starts in the file; all spans inside are relative to it.
 */
export interface YamlDocument {
  /** Absolute start offset of this document's text in the file (updated when earlier text shifts). */
  offset: number;
  /** Length of the document's text in characters. */
  readonly length: number;
  /** The document's own text (the file's text is these, joined). */
  readonly text: string;
  /** Cheap fingerprint of the text, to skip re-parsing unchanged documents. */
  readonly hash: number;
  /** Offsets (relative to the document) where each line starts; the first is 0. */
  readonly lines: Uint32Array;
  /** Root node, or null for an empty document or one refused by a guard. */
  readonly root: YamlNode | null;
  /** Plain JavaScript value of the root (aliases resolved within limits). */
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  /** Present when the document looks like a Kubernetes object (has apiVersion and kind strings). */
  readonly resource: ResourceHeader | null;
}

/** What every Kubernetes object says about itself. */
export interface ResourceHeader extends GroupVersionKind {
  readonly apiVersion: string;
  readonly name: string;
  /** metadata.namespace as written, or undefined. */
  readonly namespace: string | undefined;
}

/** A resource located in the workspace: header, body and where it lives. */
export interface Resource extends ResourceHeader {
  /** URI of the file holding it. */
  readonly uri: string;
  /** The YAML document it was read from (source tree for locating paths). */
  readonly document: YamlDocument;
  /** The whole object as plain data ({apiVersion, kind, metadata, spec, …}). */
  readonly object: Record<string, unknown>;
}

/** How serious a finding is (the catalogue gives each code its default). */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Another place involved in a finding (the other resource of a cross-reference). */
export interface RelatedLocation {
  readonly uri: string;
  readonly document: YamlDocument;
  readonly path: ObjectPath;
  readonly message: string;
}

/**
 * A problem found by schema validation or analysis, expressed in object paths, not text ranges.
 * The ide layer turns `document` + `path` into a range with the locator.
 */
export interface Finding {
  /** Catalogue code (MW…, or Istio's IST… where the meaning is the same). */
  readonly code: string;
  readonly uri: string;
  readonly document: YamlDocument;
  readonly path: ObjectPath;
  /** Underline the key (default for missing/unknown fields) or the value. */
  readonly on?: 'key' | 'value';
  readonly message: string;
  /** Overrides the catalogue's default level (e.g. Istio's webhook warnings). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  /** Structured data for quick fixes (e.g. the suggested replacement). */
  readonly data?: Readonly<Record<string, unknown>>;
}
