// Reads the text of one YAML document into a compact source tree plus its plain value.
// Never throws: limits (nesting depth, alias expansion, size) and syntax errors become SyntaxProblems.
import type { Node as AstNode, Document, Scalar } from 'yaml';
import type { ResourceHeader, SyntaxProblem, YamlDocument, YamlEntry, YamlNode } from './types.ts';
import { fingerprint } from './text.ts';
import { fastParse, fastParseValue } from './fastParse.ts';
import { requireFromSource } from './sourceRequire.ts';

type YamlLibrary = typeof import('yaml');
let yamlLibrary: YamlLibrary | undefined;
/**
 * The full YAML parser (the `yaml` package), loaded the first time a document is outside the fast reader's subset:
 * typical manifests never need it.
 */
function fullParser(): YamlLibrary {
  return (yamlLibrary ??= typeof require === 'function' ? (require('yaml') as YamlLibrary) : (requireFromSource(import.meta.url, 'yaml') as YamlLibrary));
}

/** Any YAML text's plain value with the full parser (for configuration files, not manifests: no limits, may throw). */
export function parsePlainYaml(text: string): unknown {
  return fullParser().parse(text);
}

/** Deepest flow/block nesting we hand to the parser (deeper input is refused before parsing). */
export const MAX_NESTING_DEPTH = 256;
/** Most nodes that alias expansion may produce for one document (guards against "billion laughs"). */
export const MAX_ALIAS_EXPANSION = 10_000;

/** Parse one YAML document's text. `knownHash` (its fingerprint) may be supplied when the caller already computed it. */
export function parseYamlDocument(text: string, offset = 0, knownHash?: number): YamlDocument {
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    const problem: SyntaxProblem = {
      code: 'MW0003',
      severity: 'error',
      start: tooDeep,
      end: Math.min(text.length, tooDeep + 1),
      message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels: this document is not analyzed. Flatten the structure.`,
    };
    return { offset, length: text.length, text, hash: knownHash ?? fingerprint(text), lines: relativeLineStarts(text), root: null, value: null, problems: [problem], resource: null };
  }
  if (isBlankDocument(text)) {
    return { offset, length: text.length, text, hash: knownHash ?? fingerprint(text), lines: relativeLineStarts(text), root: null, value: null, problems: [], resource: null };
  }
  // Most manifests use a small, regular subset of YAML that a hand-written reader parses several times
  // faster; anything else (and every error message) comes from the full parser.
  const fast = fastParseValue(text);
  if (fast) return new FastPathDocument(text, offset, knownHash, fast.value);
  const hash = knownHash ?? fingerprint(text);
  const lines = relativeLineStarts(text);
  try {
    return composeDocument(text, offset, hash, lines);
  } catch (error) {
    // The parser should not throw, but a stack overflow on pathological input must not take the server down.
    const problem: SyntaxProblem = {
      code: 'MW0003',
      severity: 'error',
      start: 0,
      end: Math.min(text.length, 1),
      message: `This document could not be read (${(error as Error).message}); it is not analyzed.`,
    };
    return { offset, length: text.length, text, hash, lines, root: null, value: null, problems: [problem], resource: null };
  }
}

function composeDocument(text: string, offset: number, hash: number, lines: Uint32Array): YamlDocument {
  const { Composer, Parser } = fullParser();
  const composer = new Composer({ version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false, strict: true });
  const docs: Document.Parsed[] = [];
  for (const token of new Parser().parse(text)) for (const doc of composer.next(token)) docs.push(doc);
  for (const doc of composer.end(false, text.length)) docs.push(doc);

  const problems: SyntaxProblem[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) problems.push(toProblem(error.pos, error.message, 'error', text.length));
    for (const warning of doc.warnings) problems.push(toProblem(warning.pos, warning.message, 'warning', text.length));
  }
  if (docs.length > 1) {
    const extra = docs[1]!.range[0];
    problems.push({
      code: 'MW0001',
      severity: 'error',
      start: extra,
      end: Math.min(text.length, extra + 3),
      message: 'Content after a document end marker (`...`) must start with `---`.',
    });
  }
  const doc = docs[0];
  const contents = doc?.contents ?? null;
  const budget: AliasBudget = { remaining: MAX_ALIAS_EXPANSION, exceededAt: -1, outerAlias: 0 };
  const root = contents ? toTree(contents as AstNode) : null;
  const value = contents ? toValue(contents as AstNode, anchorsOf(contents as AstNode), budget, 0) : null;
  if (budget.exceededAt >= 0) {
    problems.push({
      code: 'MW0004',
      severity: 'error',
      start: budget.exceededAt,
      end: budget.exceededAt + 1,
      message: `Aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; expansion stopped here. Use fewer nested aliases.`,
    });
  }
  return { offset, length: text.length, text, hash, lines, root, value, problems, resource: readHeader(value) };
}

/** Source trees rebuilt on demand, most recently used last (bounded, so memory stays flat on large workspaces). */
const rootCache = new Map<YamlDocument, YamlNode | null>();
const ROOT_CACHE_SIZE = 512;

/**
 * A fast-path document keeps only its text and plain value; its source tree (needed only to locate findings,
 * complete or hover) is rebuilt from the text when asked, which the fast reader does in microseconds, and its
 * line starts and fingerprint are computed on first use.
 */
class FastPathDocument implements YamlDocument {
  offset: number;
  readonly length: number;
  readonly text: string;
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[] = [];
  readonly resource: ResourceHeader | null;
  private lineStarts: Uint32Array | undefined;
  private fingerprintOfText: number | undefined;

  constructor(text: string, offset: number, hash: number | undefined, value: unknown) {
    this.offset = offset;
    this.length = text.length;
    this.text = text;
    this.fingerprintOfText = hash;
    this.value = value;
    this.resource = readHeader(value);
  }

  get hash(): number {
    return (this.fingerprintOfText ??= fingerprint(this.text));
  }

  get lines(): Uint32Array {
    return (this.lineStarts ??= relativeLineStarts(this.text));
  }

  get root(): YamlNode | null {
    let root = rootCache.get(this);
    if (root === undefined) root = fastParse(this.text)?.root ?? null;
    else rootCache.delete(this);
    rootCache.set(this, root);
    if (rootCache.size > ROOT_CACHE_SIZE) rootCache.delete(rootCache.keys().next().value!);
    return root;
  }
}

/** Line start offsets of a document's text (a position after each newline, including at the very end). */
function relativeLineStarts(text: string): Uint32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Uint32Array(count);
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}

/** A document made only of a marker, blank lines and comments needs no parser. */
function isBlankDocument(text: string): boolean {
  return /^(---[ \t]*(#[^\n]*)?\n?)?([ \t]*(#[^\n]*)?\r?\n?)*$/.test(text) && text.length < 10_000;
}

function toProblem(pos: [number, number], message: string, severity: 'error' | 'warning', length: number): SyntaxProblem {
  let start = Math.min(pos[0], length);
  // Keep syntax ranges short: a range to the end of a large file slows editors down.
  let end = Math.max(start, Math.min(pos[1], start + 200, length));
  // Never an empty range: at the very end of the text, underline the last character instead.
  if (end === start) {
    if (end < length) end++;
    else start = Math.max(0, start - 1);
  }
  const firstLine = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { code: 'MW0001', severity, start, end, message: `YAML syntax: ${firstLine}` };
}

/** Builds the compact source tree (spans relative to the document text). */
function toTree(node: AstNode): YamlNode | null {
  const { isAlias, isMap, isPair, isScalar, isSeq, Scalar } = fullParser();
  if (isAlias(node)) {
    // Aliases are not expanded in the source tree (that is the plain value's job, under a budget):
    // paths that go through an alias are located on the alias itself.
    const [start, end] = node.range ?? [0, 0];
    return { kind: 'scalar', start, end, value: `*${node.source}`, plain: true };
  }
  const [start, valueEnd] = node.range ?? [0, 0];
  if (isScalar(node)) {
    return { kind: 'scalar', start, end: valueEnd, value: scalarValue(node), plain: node.type === Scalar.PLAIN };
  }
  if (isMap(node)) {
    const entries: YamlEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as AstNode | null;
      const keyRange = keyNode?.range ?? [start, start];
      entries.push({
        key: keyText(keyNode),
        keySpan: { start: keyRange[0], end: keyRange[1] },
        value: pair.value ? toTree(pair.value as AstNode) : null,
      });
    }
    return { kind: 'map', start, end: valueEnd, entries, flow: node.flow === true };
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => (item ? toTree(item as AstNode) : null));
    return { kind: 'seq', start, end: valueEnd, items, flow: node.flow === true };
  }
  return null;
}

/** With `merge: true` the parser marks `<<` keys with a symbol value. */
function isMergeKey(key: unknown): boolean {
  const { isScalar } = fullParser();
  return isScalar(key) && typeof key.value === 'symbol';
}

function keyText(key: AstNode | null): string {
  const { isScalar } = fullParser();
  if (!key) return '';
  if (isMergeKey(key)) return '<<';
  if (isScalar(key)) return String(key.value ?? '');
  return String(key);
}

function scalarValue(node: Scalar): string | number | boolean | null {
  const value = node.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  // Timestamps and binary become text, as Kubernetes reads them into string fields.
  return node.source ?? String(value);
}

interface AliasBudget {
  remaining: number;
  exceededAt: number;
  /** Offset of the outermost alias being expanded (where an overrun is reported). */
  outerAlias: number;
}

/** Anchored nodes by name, in document order (an anchor may be redefined later in the document). */
type Anchors = Map<string, { start: number; node: AstNode }[]>;

function anchorsOf(root: AstNode): Anchors {
  const { isAlias, isMap, isPair, isSeq } = fullParser();
  const anchors: Anchors = new Map();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (isAlias(node)) return;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      const list = anchors.get(anchor) ?? [];
      list.push({ start: (node as AstNode).range?.[0] ?? 0, node: node as AstNode });
      anchors.set(anchor, list);
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          visit(item.key);
          visit(item.value);
        } else visit(item);
      }
    }
  };
  visit(root);
  return anchors;
}

/** The node an alias refers to: the latest definition of its anchor before the alias. */
function resolveAlias(alias: AstNode & { source: string }, anchors: Anchors): AstNode | undefined {
  const definitions = anchors.get(alias.source);
  if (!definitions) return undefined;
  const at = alias.range?.[0] ?? 0;
  let found: AstNode | undefined;
  for (const definition of definitions) if (definition.start < at) found = definition.node;
  return found;
}

/** Converts to plain data, expanding aliases and `<<` merges within the budget. */
function toValue(node: AstNode, anchors: Anchors, budget: AliasBudget, depth: number, viaAlias = false): unknown {
  const { isAlias, isMap, isPair, isScalar, isSeq } = fullParser();
  // Only nodes produced by expanding an alias count against the budget.
  if ((viaAlias && --budget.remaining < 0) || depth > MAX_NESTING_DEPTH * 2) {
    if (budget.exceededAt < 0) budget.exceededAt = viaAlias ? budget.outerAlias : (node.range?.[0] ?? 0);
    return null;
  }
  if (isAlias(node)) {
    if (!viaAlias) budget.outerAlias = node.range?.[0] ?? 0;
    const target = resolveAlias(node, anchors);
    return target ? toValue(target, anchors, budget, depth + 1, true) : null;
  }
  if (isScalar(node)) return scalarValue(node);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const value = pair.value ? toValue(pair.value as AstNode, anchors, budget, depth + 1, viaAlias) : null;
      if (isMergeKey(pair.key)) {
        mergeInto(out, value);
        continue;
      }
      const key = keyText(pair.key as AstNode | null);
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => (item ? toValue(item as AstNode, anchors, budget, depth + 1, viaAlias) : null));
  return null;
}

function mergeInto(target: Record<string, unknown>, source: unknown): void {
  const sources = Array.isArray(source) ? source : [source];
  for (const item of sources) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    for (const [key, value] of Object.entries(item)) if (!(key in target)) target[key] = value;
  }
}

/** Reads apiVersion/kind/name/namespace when the value looks like a Kubernetes object. */
export function readHeader(value: unknown): ResourceHeader | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const object = value as Record<string, unknown>;
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return null;
  const slash = apiVersion.lastIndexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  const metadata = object['metadata'];
  const meta = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] ? meta['namespace'] : undefined;
  return { apiVersion, group, version, kind, name, namespace };
}

/**
 * Finds the first offset where flow or block nesting exceeds MAX_NESTING_DEPTH, scanning without parsing.
 * Flow depth counts brackets outside quotes and comments; block depth counts indentation and `- ` chains.
 * The `yaml` parser can abort the whole process on very deep flow nesting, so this runs before it.
 */
export function findExcessiveNesting(text: string): number | undefined {
  return cannotNestTooDeep(text) ? undefined : scanNesting(text);
}

/** The character-by-character scan behind findExcessiveNesting (exported for its tests). */
export function scanNesting(text: string): number | undefined {
  let flowDepth = 0;
  let quote = '';
  let lineStart = true;
  let blockDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (lineStart) {
      // Leading spaces and sequence dashes: each two columns or each `- ` is at most one level.
      let j = i;
      let dashes = 0;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === 32) j++;
        else if ((c === 45 || c === 63) && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 10)) {
          dashes++;
          j += 2;
        } else break;
      }
      blockDepth = Math.floor((j - i) / 2) + dashes;
      if (blockDepth > MAX_NESTING_DEPTH * 4 && quote === '' && flowDepth === 0) return j;
      lineStart = false;
    }
    if (ch === 10) {
      lineStart = true;
      if (quote === '#') quote = '';
      continue;
    }
    if (quote === '#') continue;
    if (quote !== '') {
      if (quote === '"' && ch === 92) i++; // backslash escape
      else if (String.fromCharCode(ch) === quote) quote = '';
      continue;
    }
    if (ch === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9 || text.charCodeAt(i - 1) === 10)) {
      quote = '#';
    } else if ((ch === 34 || ch === 39) && isQuoteStart(text, i)) {
      quote = String.fromCharCode(ch);
    } else if (ch === 91 || ch === 123) {
      if (++flowDepth > MAX_NESTING_DEPTH) return i;
    } else if ((ch === 93 || ch === 125) && flowDepth > 0) {
      flowDepth--;
    }
  }
  return undefined;
}

/**
 * The common case, decided without the character-by-character scan: flow depth can only pass the limit with
 * more opening brackets than the limit, and block depth (counted from a line's leading run of spaces, dashes
 * and `?`, which the scan may continue across `-` line ends; never more than the run's length) only with such
 * a run longer than the block limit (4 × the limit).
 */
function cannotNestTooDeep(text: string): boolean {
  let brackets = 0;
  for (let i = text.indexOf('['); i >= 0 && brackets <= MAX_NESTING_DEPTH; i = text.indexOf('[', i + 1)) brackets++;
  for (let i = text.indexOf('{'); i >= 0 && brackets <= MAX_NESTING_DEPTH; i = text.indexOf('{', i + 1)) brackets++;
  if (brackets > MAX_NESTING_DEPTH) return false;
  if (text.length <= BLOCK_RUN_LIMIT) return true;
  // The longest run of spaces, dashes, `?` and newlines that starts a line (a run is measured once: line
  // starts inside it begin shorter runs).
  for (let lineStart = 0; lineStart < text.length; ) {
    let end = lineStart;
    while (end < text.length && isBlockRunChar(text.charCodeAt(end))) end++;
    if (end - lineStart > BLOCK_RUN_LIMIT) return false;
    const newline = text.indexOf('\n', end);
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return true;
}

const BLOCK_RUN_LIMIT = 4 * MAX_NESTING_DEPTH;

function isBlockRunChar(code: number): boolean {
  return code === 32 || code === 10 || code === 45 || code === 63;
}

/** A quote opens a quoted scalar only where a scalar may start (not inside a plain word like it's). */
function isQuoteStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text.charCodeAt(i - 1);
  return prev === 32 || prev === 9 || prev === 10 || prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === 45 || prev === 63;
}
