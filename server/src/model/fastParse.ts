// A fast path for the YAML that Kubernetes manifests are usually written in: block mappings and sequences,
// one-line plain and quoted scalars, one-line flow collections and comments. It builds the same source tree
// and plain value as the full parser, several times faster. Anything outside that subset — anchors, tags,
// block scalars, multi-line scalars, directives, tabs, duplicate keys, anything odd — returns undefined and
// the caller falls back to the full `yaml` parser, which also produces the error messages. It reads in one of
// two modes: the source tree (for locating, completing, hovering) or only the plain value (for analysis, which
// allocates a fraction of the tree); both accept exactly the same documents.
import type { YamlEntry, YamlMap, YamlNode, YamlScalar, YamlSeq } from './types.ts';

/**
 * The significant lines of the document being read (no blank or comment-only lines), in three parallel arrays
 * shared by every parse (parses never nest): where each line starts, where its content ends (before a comment
 * and trailing spaces) and the column of its first non-space character.
 */
let lineStart = new Int32Array(256);
let lineEnd = new Int32Array(256);
let lineIndent = new Int32Array(256);

function growLines(): void {
  const grow = (old: Int32Array) => {
    const bigger = new Int32Array(old.length * 2);
    bigger.set(old);
    return bigger;
  };
  lineStart = grow(lineStart);
  lineEnd = grow(lineEnd);
  lineIndent = grow(lineIndent);
}

/** Thrown internally to abandon the fast path. */
const GIVE_UP = Symbol('give up');

export interface FastResult {
  readonly root: YamlNode | null;
  readonly value: unknown;
}

/** The source tree and plain value of a document, or undefined when it is not for the fast path. */
export function fastParse(text: string): FastResult | undefined {
  try {
    const root = new FastParser(text, true).parse() as YamlNode | null;
    return { root, value: toPlain(root) };
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** Only the plain value of a document (no source tree), or undefined when it is not for the fast path. */
export function fastParseValue(text: string): { readonly value: unknown } | undefined {
  try {
    return { value: new FastParser(text, false).parse() };
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

/**
 * What the parser builds for a node: a YamlNode in tree mode, the plain value in value mode. Either way
 * `lastEnd` holds the end offset of the node read last (the tree's `end`).
 */
type Built = unknown;

class FastParser {
  private readonly text: string;
  private readonly tree: boolean;
  /** Number of significant lines. */
  private count = 0;
  /** The line being read. */
  private index = 0;
  private lastEnd = 0;

  constructor(text: string, tree: boolean) {
    this.text = text;
    this.tree = tree;
  }

  /** The root (tree mode: a YamlNode or null; value mode: the plain value). */
  parse(): Built {
    this.scanLines();
    if (this.count === 0) return null;
    const root = this.block(0, lineIndent[0]!, lineStart[0]! + lineIndent[0]!);
    if (this.index < this.count) giveUp();
    return root;
  }

  /** A scalar node, or its value, ending at `end`. */
  private scalarNode(start: number, end: number, value: string | number | boolean | null, plain: boolean): Built {
    this.lastEnd = end;
    return this.tree ? ({ kind: 'scalar', start, end, value, plain } satisfies YamlScalar) : value;
  }

  /** Splits into significant lines; gives up on anything unusual. */
  private scanLines(): void {
    const text = this.text;
    let pos = 0;
    let first = true;
    let count = 0;
    while (pos < text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      let indent = 0;
      while (pos + indent < end && text.charCodeAt(pos + indent) === 32) indent++;
      const contentStart = pos + indent;
      const c = text.charCodeAt(contentStart);
      if (contentStart < end && c !== 35 /* # */ && c !== 13) {
        let content = contentEnd(text, contentStart, end);
        if (first && indent === 0 && text.startsWith('---', pos)) {
          // The document's own start marker: allowed alone on its line (with an optional comment).
          if (content !== pos + 3) giveUp();
          content = -1;
        }
        first = false;
        if (content >= 0) {
          if (c === 9) giveUp();
          if (count === lineStart.length) growLines();
          lineStart[count] = pos;
          lineEnd[count] = content;
          lineIndent[count] = indent;
          count++;
        }
      } else if (c === 9) giveUp();
      pos = end + 1;
    }
    this.count = count;
    // Tabs, control characters, a BOM and directives/anchors/tags/block scalars are the full parser's job.
    if (UNUSUAL_CHARACTER.test(text)) giveUp();
  }

  /**
   * Where the next entry of a block at `column` starts (on line `this.index`), or -1 when the block ends there;
   * gives up on a line indented deeper than the block (not a valid continuation).
   */
  private nextEntryAt(column: number): number {
    const indent = this.indentOf(this.index);
    if (indent < column) return -1;
    if (indent > column) giveUp();
    return lineStart[this.index]! + indent;
  }

  /** Whether a "- " sequence item starts at offset `at` of line `this.index`. */
  private startsSequenceItem(at: number): boolean {
    return this.text.charCodeAt(at) === 45 && isBreak(this.text, at + 1, lineEnd[this.index]!);
  }

  /** Whether line `index` exists; its indent otherwise reads as -1 (below every column). */
  private indentOf(index: number): number {
    return index < this.count ? lineIndent[index]! : -1;
  }

  /** A block node whose first line is line `index`, starting at column `column` (offset `at`). */
  private block(index: number, column: number, at: number): Built {
    this.index = index;
    const text = this.text;
    const end = lineEnd[index]!;
    if (text.charCodeAt(at) === 45 /* - */ && isBreak(text, at + 1, end)) return this.sequence(column, at);
    if (keyEnd(text, at, end) >= 0) return this.mapping(column, at);
    giveUp();
  }

  private mapping(column: number, firstAt: number): Built {
    const text = this.text;
    const tree = this.tree;
    const entries: YamlEntry[] | undefined = tree ? [] : undefined;
    const object: Record<string, unknown> | undefined = tree ? undefined : {};
    const seen = tree ? new Set<string>() : undefined;
    let at = firstAt;
    let end = firstAt;
    for (;;) {
      const line = this.index;
      const colon = keyEnd(text, at, lineEnd[line]!);
      if (colon < 0) giveUp();
      // Long plain keys that start with a letter are strings as written (no null, boolean or number is longer
      // than five letters); the rest goes through the scalar rules.
      const key = colon - at > 5 && isAsciiLetter(text.charCodeAt(at)) && text.charCodeAt(colon - 1) !== 58 ? text.slice(at, colon) : scalarValue(text, at, colon);
      // Non-string keys, duplicates and merge keys (`<<`) are the full parser's job.
      if (typeof key !== 'string' || key === '<<' || (seen ? seen.has(key) : Object.hasOwn(object!, key))) giveUp();
      const value = this.valueAfter(colon + 1, line, column);
      if (entries) {
        seen!.add(key);
        entries.push({ key, keySpan: { start: at, end: colon }, value: value as YamlNode });
      } else setOwn(object!, key, value);
      end = this.lastEnd;
      at = this.nextEntryAt(column);
      if (at < 0 || this.startsSequenceItem(at)) break; // a sequence at this column belongs to the parent
    }
    this.lastEnd = end;
    return entries ? ({ kind: 'map', start: firstAt, end, entries, flow: false } satisfies YamlMap) : object;
  }

  private sequence(column: number, firstAt: number): Built {
    const text = this.text;
    const items: Built[] = [];
    let at = firstAt;
    let end = firstAt;
    for (;;) {
      const line = this.index;
      const contentLimit = lineEnd[line]!;
      // After "- ": a nested block on the same line (compact mapping), an inline value, or the next lines.
      let content = at + 1;
      while (content < contentLimit && text.charCodeAt(content) === 32) content++;
      let item: Built;
      if (content >= contentLimit) {
        const next = ++this.index;
        const indent = this.indentOf(next);
        const empty = skipSpaces(text, at + 1);
        item = indent > column ? this.block(next, indent, lineStart[next]! + indent) : this.scalarNode(empty, empty, null, true);
      } else if (text.charCodeAt(content) === 45 && isBreak(text, content + 1, contentLimit)) {
        giveUp(); // "- - x": nested compact sequences
      } else if (keyEnd(text, content, contentLimit) >= 0 && !startsFlowOrQuote(text.charCodeAt(content))) {
        item = this.mapping(content - lineStart[line]!, content);
      } else {
        item = this.valueAfter(at + 1, line, column);
      }
      items.push(item);
      end = this.lastEnd;
      at = this.nextEntryAt(column);
      if (at < 0 || !this.startsSequenceItem(at)) break; // back to the parent mapping
    }
    this.lastEnd = end;
    return this.tree ? ({ kind: 'seq', start: firstAt, end, items: items as (YamlNode | null)[], flow: false } satisfies YamlSeq) : items;
  }

  /** The value after a mapping colon (or a sequence dash) on line `line`; advances past the lines it uses. */
  private valueAfter(from: number, line: number, column: number): Built {
    const text = this.text;
    const contentLimit = lineEnd[line]!;
    let start = from;
    while (start < contentLimit && text.charCodeAt(start) === 32) start++;
    if (start >= contentLimit) {
      // Nothing on this line: the value is the next, more indented block (or a sequence at the same column).
      const next = ++this.index;
      const indent = this.indentOf(next);
      if (indent > column) return this.block(next, indent, lineStart[next]! + indent);
      if (indent === column && text.charCodeAt(lineStart[next]! + indent) === 45 && isBreak(text, lineStart[next]! + indent + 1, lineEnd[next]!)) {
        return this.sequence(column, lineStart[next]! + indent);
      }
      // An empty value is a null scalar after the indicator's trailing spaces, where the full parser puts it
      // (so a cursor after `key: ` is on the value).
      const at = skipSpaces(text, from);
      return this.scalarNode(at, at, null, true);
    }
    if (start === from) giveUp(); // "key:value" is not a mapping entry
    const c = text.charCodeAt(start);
    let node: Built;
    if (c === 91 || c === 123) {
      const flow = new FlowReader(text, start, contentLimit);
      const flowNode = flow.node();
      if (flow.pos !== contentLimit) giveUp();
      this.lastEnd = flowNode.end;
      node = this.tree ? flowNode : toPlain(flowNode);
    } else {
      node = this.scalarNode(start, contentLimit, scalarValue(text, start, contentLimit), c !== 34 && c !== 39);
    }
    // A plain scalar continued on a more indented line is a multi-line scalar: not for the fast path.
    const next = ++this.index;
    if (this.indentOf(next) > column) giveUp();
    return node;
  }
}

/** Reads one-line flow collections: [a, b], {k: v}, nested, with plain or quoted scalars. */
class FlowReader {
  private readonly text: string;
  pos: number;
  private readonly end: number;

  constructor(text: string, pos: number, end: number) {
    this.text = text;
    this.pos = pos;
    this.end = end;
  }

  node(): YamlNode {
    this.space();
    const c = this.text.charCodeAt(this.pos);
    if (c === 91) return this.seq();
    if (c === 123) return this.map();
    return this.scalar();
  }

  private space(): void {
    while (this.pos < this.end && this.text.charCodeAt(this.pos) === 32) this.pos++;
  }

  private seq(): YamlSeq {
    const start = this.pos++;
    const items: YamlNode[] = [];
    for (;;) {
      this.space();
      if (this.pos >= this.end) giveUp();
      if (this.text.charCodeAt(this.pos) === 93) break;
      items.push(this.node());
      this.space();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44) this.pos++;
      else if (c !== 93) giveUp();
    }
    this.pos++;
    return { kind: 'seq', start, end: this.pos, items, flow: true };
  }

  private map(): YamlMap {
    const start = this.pos++;
    const entries: YamlEntry[] = [];
    const seen = new Set<string>();
    for (;;) {
      this.space();
      if (this.pos >= this.end) giveUp();
      if (this.text.charCodeAt(this.pos) === 125) break;
      const key = this.scalar(true);
      if (typeof key.value !== 'string' || seen.has(key.value)) giveUp();
      seen.add(key.value);
      this.space();
      if (this.text.charCodeAt(this.pos) !== 58) giveUp();
      this.pos++;
      if (!isBreak(this.text, this.pos, this.end) && this.text.charCodeAt(this.pos) !== 44 && this.text.charCodeAt(this.pos) !== 125) giveUp();
      this.space();
      const c = this.text.charCodeAt(this.pos);
      const value = c === 44 || c === 125 ? null : this.node();
      entries.push({ key: key.value, keySpan: { start: key.start, end: key.end }, value });
      this.space();
      const after = this.text.charCodeAt(this.pos);
      if (after === 44) this.pos++;
      else if (after !== 125) giveUp();
    }
    this.pos++;
    return { kind: 'map', start, end: this.pos, entries, flow: true };
  }

  private scalar(isKey = false): YamlScalar {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === 34 || c === 39) {
      const close = quoteEnd(text, start, this.end);
      this.pos = close;
      return readScalar(text, start, close);
    }
    let pos = start;
    while (pos < this.end) {
      const ch = text.charCodeAt(pos);
      if (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === 58 && (isKey || isBreak(text, pos + 1, this.end) || text.charCodeAt(pos + 1) === 44)) break;
      pos++;
    }
    let end = pos;
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    if (end === start) giveUp();
    this.pos = pos;
    return readScalar(text, start, end);
  }
}

/** End of a line's content: before a comment (` #`) and trailing spaces/CR, outside quotes. */
function contentEnd(text: string, start: number, lineEnd: number): number {
  let quote = 0;
  let end = lineEnd;
  for (let i = start; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
        else quote = 0;
      } else if (quote === 34 && c === 92) i++;
      continue;
    }
    if ((c === 34 || c === 39) && (i === start || /[\s:[{,-]/.test(text[i - 1]!))) quote = c;
    else if (c === 35 && i > start && (text.charCodeAt(i - 1) === 32)) {
      end = i;
      break;
    }
  }
  if (quote) giveUp(); // a quoted scalar spanning lines
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 13)) end--;
  return end;
}

/** The first offset at or after `pos` that is not a space (stops at line ends). */
function skipSpaces(text: string, pos: number): number {
  while (text.charCodeAt(pos) === 32) pos++;
  return pos;
}

/** Whether position `pos` is a break after an indicator: a space, or the end of the content. */
function isBreak(text: string, pos: number, end: number): boolean {
  return pos >= end || text.charCodeAt(pos) === 32;
}

function startsFlowOrQuote(c: number): boolean {
  return c === 91 || c === 123 || c === 34 || c === 39;
}

/** If the content at `at` is a `key:` mapping entry, the offset of its colon; otherwise -1. */
function keyEnd(text: string, at: number, end: number): number {
  const c = text.charCodeAt(at);
  if (c === 34 || c === 39) {
    const close = quoteEnd(text, at, end);
    return text.charCodeAt(close) === 58 && isBreak(text, close + 1, end) ? close : -1;
  }
  if (isIndicator(c)) return -1;
  for (let i = at; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 58 && isBreak(text, i + 1, end)) {
      // A key with trailing spaces before the colon is unusual: leave it to the full parser.
      return text.charCodeAt(i - 1) === 32 ? giveUp() : i;
    }
    if (ch === 91 || ch === 93 || ch === 123 || ch === 125 || ch === 44) return -1;
  }
  return -1;
}

/** Characters that cannot start a plain scalar in the fast path (they mean something else in YAML). */
function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}

/** Offset just past the closing quote of a quoted scalar that starts at `start` (gives up if unclosed). */
function quoteEnd(text: string, start: number, end: number): number {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote === 34 && c === 92) {
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === 39 && text.charCodeAt(i + 1) === 39) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return giveUp();
}

/** A scalar from its source text [start, end): quoted (with escapes) or plain (YAML 1.1 types). */
function readScalar(text: string, start: number, end: number): YamlScalar {
  const c = text.charCodeAt(start);
  return { kind: 'scalar', start, end, value: scalarValue(text, start, end), plain: c !== 34 && c !== 39 };
}

/** The value of the scalar whose source text is [start, end) (gives up on anything not for the fast path). */
function scalarValue(text: string, start: number, end: number): string | number | boolean | null {
  const c = text.charCodeAt(start);
  if (c === 39) {
    if (quoteEnd(text, start, end) !== end) giveUp();
    return text.slice(start + 1, end - 1).replace(/''/g, "'");
  }
  if (c === 34) {
    if (quoteEnd(text, start, end) !== end) giveUp();
    const body = text.slice(start + 1, end - 1);
    // Only the common escapes; anything else is the full parser's job.
    if (/\\[^"\\/nt]/.test(body)) giveUp();
    return body.replace(/\\(["\\/nt])/g, (_, e: string) => (e === 'n' ? '\n' : e === 't' ? '\t' : e));
  }
  if (isIndicator(c)) {
    // A plain scalar may start with "-", "?" or ":" when a non-space follows (e.g. "-1", "-foo").
    if (!((c === 45 || c === 63 || c === 58) && end > start + 1 && text.charCodeAt(start + 1) !== 32)) giveUp();
  }
  const source = text.slice(start, end);
  if (source.includes(': ') || source.endsWith(':') || source.includes(' #')) giveUp();
  return resolvePlain(source);
}

const UNUSUAL_CHARACTER = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\ufeff%]/;

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
/** First characters of plain scalars that can only be strings (not n/N/y/Y/t/T/f/F/o/O, `~`, digits, signs, `.`). */
const PLAIN_STRING_START = /^[a-eg-mpqrsuvwxzA-EG-MPQRSUVWXZ_\/]/;

/** Characters that appear in some YAML 1.1 number form (decimal, hex, octal, binary, sexagesimal, exponent). */
const NUMBER_FORM_CHARACTERS = new Set('0123456789._:abcdefABCDEFxXoObB+-');

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** YAML 1.1 resolution of a plain scalar, for the unambiguous cases; the rest goes to the full parser. */
function resolvePlain(source: string): string | number | boolean | null {
  // Most plain scalars are names: a first letter that begins no null, boolean or number settles it.
  if (PLAIN_STRING_START.test(source)) return source;
  const first = source.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    // Digits first (ports, weights, durations): plain integers, and strings with a letter no number form has.
    let i = 1;
    while (i < source.length && isDigit(source.charCodeAt(i))) i++;
    if (i === source.length && source.length <= 15 && (first !== 48 || source.length === 1)) return Number(source);
    for (; i < source.length; i++) if (!NUMBER_FORM_CHARACTERS.has(source[i]!)) return source;
  }
  if (NULLS.has(source)) return null;
  if (TRUES.has(source)) return true;
  if (FALSES.has(source)) return false;
  const c = source.charCodeAt(0);
  const numberLike = (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46;
  if (!numberLike) return source;
  if (/^-?(0|[1-9][0-9]{0,14})$/.test(source)) return Number(source);
  if (/^-?(0|[1-9][0-9]*)\.[0-9]+$/.test(source)) return Number(source);
  // Octal, hex, sexagesimal, exponents, underscores, .inf/.nan, "+1"…: the full parser decides.
  if (/^[-+.]?[0-9]/.test(source) && /^[-+]?[0-9._:a-fA-FxXoObB+-]*$/.test(source)) giveUp();
  if (source === '.inf' || source === '-.inf' || source === '+.inf' || source === '.nan' || source === '.NaN' || source === '.Inf') giveUp();
  return source;
}

function toPlain(node: YamlNode | null): unknown {
  if (!node) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) setOwn(out, entry.key, toPlain(entry.value));
  return out;
}

/** Sets a key of a plain object as an own property, "__proto__" included. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  // Plain assignment keeps V8's fast object layout (defineProperty on every key is several times slower, and
  // the analyzers read these objects constantly); only "__proto__" must be defined so it stays an own key.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
