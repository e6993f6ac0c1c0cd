// Text helpers: splitting a file into YAML documents, fingerprints, and offset ↔ line/character maps.

/** A YAML document's slice of a file: [start, end) offsets. */
export interface DocumentSlice {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits file text into YAML documents at `---` marker lines (column 0, followed by space, tab or end of line).
 * Directive lines (`%YAML …`) belong to the document whose marker follows them.
 * A leading byte order mark is part of the first slice (the parser skips it).
 */
export function splitDocuments(text: string, from = 0, to = text.length): DocumentSlice[] {
  const slices: DocumentSlice[] = [];
  let start = from;
  let sawContent = false; // anything but comments/blank lines/directives since `start`
  let inDirectives = false;
  let pos = from;
  while (pos < to) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    const first = text.charCodeAt(pos);
    if (first === 45 /* - */ && isMarker(text, pos, lineEnd)) {
      if (pos > start && (sawContent || !inDirectives)) {
        if (sawContent || hasText(text, start, pos)) {
          slices.push({ start, end: pos });
          start = pos;
        }
      }
      sawContent = true; // the marker itself opens content
      inDirectives = false;
    } else if (first === 46 /* . */ && isEndMarker(text, pos, lineEnd)) {
      // `...` ends the document; whatever follows starts a new one (a bare document is allowed).
      const next = Math.min(lineEnd + 1, to);
      slices.push({ start, end: next });
      start = next;
      sawContent = false;
      inDirectives = false;
    } else if (first === 37 /* % */ && (sawContent || pos === start)) {
      // A directive starts the prologue of the next document.
      if (sawContent && pos > start) {
        slices.push({ start, end: pos });
        start = pos;
      }
      sawContent = false;
      inDirectives = true;
    } else if (!sawContent && !isBlankOrComment(text, pos, lineEnd)) {
      sawContent = true;
    }
    pos = lineEnd + 1;
  }
  if (to > start || slices.length === 0) slices.push({ start, end: to });
  return slices;
}

function isMarker(text: string, pos: number, lineEnd: number): boolean {
  if (text.charCodeAt(pos + 1) !== 45 || text.charCodeAt(pos + 2) !== 45) return false;
  const next = pos + 3;
  if (next >= lineEnd) return true;
  const c = text.charCodeAt(next);
  return c === 32 || c === 9 || c === 13;
}

function isEndMarker(text: string, pos: number, lineEnd: number): boolean {
  if (text.charCodeAt(pos + 1) !== 46 || text.charCodeAt(pos + 2) !== 46) return false;
  const next = pos + 3;
  if (next >= lineEnd) return true;
  const c = text.charCodeAt(next);
  return c === 32 || c === 9 || c === 13;
}

function isBlankOrComment(text: string, pos: number, lineEnd: number): boolean {
  for (let i = pos; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff) continue;
    return c === 35; // '#'
  }
  return true;
}

function hasText(text: string, start: number, end: number): boolean {
  return start < end && text.slice(start, end).trim().length > 0;
}

/** FNV-1a over UTF-16 code units: a fast fingerprint to detect unchanged documents. */
export function fingerprint(text: string, start = 0, end = text.length): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Offsets of each line's first character. */
export function lineStarts(text: string, from = 0, to = text.length): number[] {
  const starts = [from];
  let i = text.indexOf('\n', from);
  while (i >= 0 && i < to) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** Zero-based line/character of an offset, given line starts (binary search). */
export function positionAt(starts: readonly number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low]! };
}
