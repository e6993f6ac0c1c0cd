// Maps object paths to source spans and source offsets back to object paths (the single locator).
import type { ObjectPath, PathSegment, Span, YamlDocument, YamlEntry, YamlNode } from './types.ts';

/** Where a path points in a document: the value node, and the key for mapping entries. */
export interface Location {
  /** Absolute span of the value (or of the key when the value is missing). */
  readonly value: Span;
  /** Absolute span of the key when the last segment is a mapping key. */
  readonly key: Span | undefined;
  /** How many leading path segments were found (equals path.length when the whole path exists). */
  readonly depth: number;
}

/**
 * Locates a path in a document. When the path does not exist completely, returns the deepest existing
 * ancestor (so a "missing field" finding lands on the object that should hold it).
 */
export function locate(document: YamlDocument, path: ObjectPath): Location {
  const base = document.offset;
  let node: YamlNode | null = document.root;
  let keySpan: Span | undefined;
  let valueSpan: Span = node ? { start: node.start, end: node.end } : { start: 0, end: Math.min(document.length, 1) };
  let depth = 0;
  let lastKey: Span | undefined;
  for (const segment of path) {
    if (!node) break;
    const next = child(node, segment);
    if (!next) break;
    depth++;
    if (next.entry) lastKey = next.entry.keySpan;
    keySpan = next.entry ? next.entry.keySpan : undefined;
    node = next.node;
    valueSpan = node ? { start: node.start, end: node.end } : keySpan ?? valueSpan;
  }
  const shift = (span: Span): Span => ({ start: span.start + base, end: span.end + base });
  const complete = depth === path.length;
  // For an incomplete path, the key to underline is the last key on the way (e.g. `http` for spec.http[0].timeout).
  const key = complete ? keySpan : lastKey;
  return { value: shift(valueSpan), key: key ? shift(key) : undefined, depth };
}

/** The span a finding on `path` should underline: the key for a field, the value for list items. */
export function spanOf(document: YamlDocument, path: ObjectPath, prefer: 'key' | 'value' = 'value'): Span {
  const location = locate(document, path);
  if (location.depth < path.length) return location.key ?? firstLine(document, location.value);
  if (prefer === 'key' && location.key) return location.key;
  return firstLine(document, location.value);
}

/** Limits multi-line spans (whole mappings) to a short range so editors stay fast. */
function firstLine(_document: YamlDocument, span: Span): Span {
  return span.end - span.start > 200 ? { start: span.start, end: span.start + 1 } : span;
}

function child(node: YamlNode, segment: PathSegment): { node: YamlNode | null; entry?: YamlEntry } | undefined {
  if (node.kind === 'map' && typeof segment === 'string') {
    const entry = node.entries.find((e) => e.key === segment);
    return entry ? { node: entry.value, entry } : undefined;
  }
  if (node.kind === 'seq' && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { node: item };
  }
  return undefined;
}

/** What is at an offset: the path of the innermost node and whether the offset is on a key. */
export interface PathAtOffset {
  readonly path: PathSegment[];
  /** The node at the path (null for an empty value). */
  readonly node: YamlNode | null;
  /** The offset is on a mapping key (the last path segment). */
  readonly onKey: boolean;
}

/** Finds the deepest node containing a document-relative offset. */
export function pathAt(root: YamlNode | null, offset: number): PathAtOffset {
  const path: PathSegment[] = [];
  let node = root;
  let onKey = false;
  while (node) {
    if (node.kind === 'map') {
      const entry = node.entries.find(
        (e) => (offset >= e.keySpan.start && offset <= e.keySpan.end) || (e.value && offset >= e.value.start && offset <= e.value.end),
      );
      if (!entry) break;
      path.push(entry.key);
      if (offset >= entry.keySpan.start && offset <= entry.keySpan.end) {
        onKey = true;
        node = entry.value;
        break;
      }
      node = entry.value;
    } else if (node.kind === 'seq') {
      const index = node.items.findIndex((item) => item && offset >= item.start && offset <= item.end);
      if (index < 0) break;
      path.push(index);
      node = node.items[index]!;
    } else break;
  }
  return { path, node, onKey };
}

/** Reads a value at a path from plain data. */
export function valueAt(value: unknown, path: ObjectPath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** Human form of a path: spec.http[0].route[1].destination.subset */
export function formatPath(path: ObjectPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}
