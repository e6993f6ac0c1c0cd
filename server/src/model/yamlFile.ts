// A YAML file as a list of independently parsed documents, updated incrementally on edits:
// only documents whose text changed are parsed again; the others just shift their offsets.
import { fingerprint, lineStarts, positionAt, splitDocuments } from './text.ts';
import { parseYamlDocument } from './parse.ts';
import type { Resource, YamlDocument } from './types.ts';

/** Files larger than this are not analyzed at all (one informational note instead). */
export const MAX_FILE_SIZE = 16 * 1024 * 1024;

export interface TextEdit {
  /** Start offset in the old text. */
  readonly start: number;
  /** End offset in the old text. */
  readonly end: number;
  readonly text: string;
}

export class YamlFile {
  readonly uri: string;
  private content: string | undefined;
  private size: number;
  private docs: YamlDocument[];
  private resourceCache: Resource[] | undefined;
  /** Line number at which each document starts (recomputed lazily after edits: O(documents)). */
  private docStartLines: number[] | undefined;
  /** Whole-file line starts, only for files that are not split into documents (too large). */
  private lineStartCache: number[] | undefined;
  /** Documents created by the last update (for incremental consumers). */
  changed: ReadonlySet<YamlDocument> = new Set();

  constructor(uri: string, text: string) {
    this.uri = uri;
    this.content = text;
    this.size = text.length;
    this.docs = text.length > MAX_FILE_SIZE ? [] : splitDocuments(text).map((slice) => parseSlice(text, slice.start, slice.end));
    this.changed = new Set(this.docs);
  }

  /** The whole text; after edits it is joined from the documents' texts on first use. */
  get text(): string {
    this.content ??= this.docs.map((document) => document.text).join('');
    return this.content;
  }

  get documents(): readonly YamlDocument[] {
    return this.docs;
  }

  /** Length of the text in characters. */
  get length(): number {
    return this.size;
  }

  get tooLarge(): boolean {
    return this.size > MAX_FILE_SIZE;
  }

  /** The Kubernetes resources of this file, in document order. */
  get resources(): readonly Resource[] {
    if (!this.resourceCache) {
      this.resourceCache = [];
      for (const document of this.docs) {
        if (document.resource) {
          this.resourceCache.push({ ...document.resource, uri: this.uri, document, object: document.value as Record<string, unknown> });
        }
      }
    }
    return this.resourceCache;
  }

  /** Replaces the whole text (re-uses documents whose text is unchanged). */
  setText(text: string): void {
    this.apply([{ start: 0, end: this.size, text }]);
  }

  /** Applies edits in order (each in the coordinates of the text produced by the previous one). */
  apply(edits: readonly TextEdit[]): void {
    const created = new Set<YamlDocument>();
    for (const edit of edits) this.applyOne(edit, created);
    this.changed = created;
    this.resourceCache = undefined;
    this.lineStartCache = undefined;
    this.docStartLines = undefined;
  }

  private applyOne(edit: TextEdit, created: Set<YamlDocument>): void {
    if (this.docs.length === 0 || this.length - (edit.end - edit.start) + edit.text.length > MAX_FILE_SIZE) {
      const old = this.text;
      const text = old.slice(0, edit.start) + edit.text + old.slice(edit.end);
      this.content = text;
      this.size = text.length;
      this.docs = text.length > MAX_FILE_SIZE ? [] : splitDocuments(text).map((s) => parseSlice(text, s.start, s.end));
      for (const doc of this.docs) created.add(doc);
      return;
    }
    const delta = edit.text.length - (edit.end - edit.start);
    // Affected documents: those overlapping the edit, plus one neighbour on each side so that
    // inserting or deleting a `---` marker re-splits correctly.
    const first = Math.max(0, this.indexAt(edit.start) - 1);
    const last = Math.min(this.docs.length - 1, this.indexAt(edit.end) + 1);
    const regionStart = this.docs[first]!.offset;
    // Work on the small region only: scanning the whole (not yet flattened) file string on every
    // keystroke would copy it each time.
    const oldRegion = this.docs.slice(first, last + 1).map((document) => document.text).join('');
    const region = oldRegion.slice(0, edit.start - regionStart) + edit.text + oldRegion.slice(edit.end - regionStart);
    this.content = undefined;
    this.size += delta;
    const replaced = this.docs.slice(first, last + 1);
    const fresh = splitDocuments(region).map((slice) => {
      const hash = fingerprint(region, slice.start, slice.end);
      const index = replaced.findIndex((doc) => doc.hash === hash && doc.length === slice.end - slice.start);
      if (index >= 0) {
        // Each old document is reused at most once (identical empty documents share a hash).
        const same = replaced.splice(index, 1)[0]!;
        same.offset = regionStart + slice.start;
        return same;
      }
      const doc = parseYamlDocument(region.slice(slice.start, slice.end), regionStart + slice.start, hash);
      created.add(doc);
      return doc;
    });
    for (let i = last + 1; i < this.docs.length; i++) this.docs[i]!.offset += delta;
    this.docs.splice(first, last - first + 1, ...fresh);
  }

  /** Index of the document containing the offset (the last one for offsets at the very end). */
  indexAt(offset: number): number {
    let low = 0;
    let high = this.docs.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.docs[mid]!.offset <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The document containing an offset, if any. */
  documentAt(offset: number): YamlDocument | undefined {
    return this.docs.length ? this.docs[this.indexAt(offset)] : undefined;
  }

  private startLines(): number[] {
    if (!this.docStartLines) {
      const starts = new Array<number>(this.docs.length);
      let line = 0;
      for (let i = 0; i < this.docs.length; i++) {
        starts[i] = line;
        line += this.docs[i]!.lines.length - 1;
      }
      this.docStartLines = starts;
    }
    return this.docStartLines;
  }

  /** Zero-based line/character of an absolute offset (per-document line tables: no whole-file scan). */
  positionAt(offset: number): { line: number; character: number } {
    if (!this.docs.length) {
      this.lineStartCache ??= lineStarts(this.text);
      return positionAt(this.lineStartCache, offset);
    }
    const index = this.indexAt(offset);
    const document = this.docs[index]!;
    const relative = Math.max(0, Math.min(offset, this.size) - document.offset);
    const lines = document.lines;
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lines[mid]! <= relative) low = mid;
      else high = mid - 1;
    }
    return { line: this.startLines()[index]! + low, character: relative - lines[low]! };
  }

  /** Absolute offset of a zero-based line/character (clamped to the line and the text). */
  offsetAt(position: { line: number; character: number }): number {
    if (!this.docs.length) {
      this.lineStartCache ??= lineStarts(this.text);
      const starts = this.lineStartCache;
      if (position.line >= starts.length) return this.size;
      const lineStart = starts[Math.max(0, position.line)]!;
      const nextLine = position.line + 1 < starts.length ? starts[position.line + 1]! - 1 : this.size;
      return Math.min(lineStart + Math.max(0, position.character), Math.max(lineStart, nextLine));
    }
    const starts = this.startLines();
    const line = Math.max(0, position.line);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= line) low = mid;
      else high = mid - 1;
    }
    const document = this.docs[low]!;
    const k = line - starts[low]!;
    if (k >= document.lines.length) return this.size;
    const lineStart = document.offset + document.lines[k]!;
    const lineEnd = k + 1 < document.lines.length ? document.offset + document.lines[k + 1]! - 1 : document.offset + document.length;
    return Math.min(lineStart + Math.max(0, position.character), Math.max(lineStart, lineEnd));
  }
}

function parseSlice(text: string, start: number, end: number, hash?: number): YamlDocument {
  return parseYamlDocument(text.slice(start, end), start, hash);
}
