// Hover over a field of a known resource: its type, description, allowed values and default, the release the
// schema comes from and a link to the kind's reference page; over apiVersion/kind, the kind's summary.
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { pathAt, type YamlFile, type YamlNode } from '../model/index.ts';
import { kindInfo, kindsNamed, schemaAtPath, schemaFor } from '../schema/index.ts';
import { fieldMarkdown, kindMarkdown } from './completion.ts';

/** Hover at an absolute offset of a file, or null when there is nothing to explain. */
export function hoverAt(file: YamlFile, offset: number): Hover | null {
  const document = file.documentAt(offset);
  if (!document?.root) return null;
  const rel = offset - document.offset;
  const at = pathAt(document.root, rel);
  if (at.path.length === 0) return null;
  const value = document.value as Record<string, unknown> | null;
  const apiVersion = typeof value?.apiVersion === 'string' ? value.apiVersion : undefined;
  const kind = typeof value?.kind === 'string' ? value.kind : undefined;
  const range = hoverRange(file, document.offset, document.root, at.path, at.onKey);

  if (at.path.length === 1 && (at.path[0] === 'apiVersion' || at.path[0] === 'kind')) {
    const info = (apiVersion && kind ? kindInfo(apiVersion, kind) : undefined) ?? (kind ? kindsNamed(kind)[0] : undefined);
    return info ? { contents: { kind: MarkupKind.Markdown, value: kindMarkdown(info) }, range } : null;
  }
  const info = apiVersion && kind ? kindInfo(apiVersion, kind) : undefined;
  const entry = info ? schemaFor(info.apiVersion, info.kind) : undefined;
  if (!info || !entry) return null;
  const schema = schemaAtPath(entry.schema, at.path);
  if (!schema) return null;
  let name = '';
  for (let i = at.path.length - 1; i >= 0; i--) {
    const segment = at.path[i];
    if (typeof segment === 'string') {
      name = segment + name;
      break;
    }
    name = `[${segment}]${name}`;
  }
  const parent = at.path.length > 1 ? schemaAtPath(entry.schema, at.path.slice(0, -1)) : entry.schema;
  const required = typeof at.path[at.path.length - 1] === 'string' && (parent?.required ?? []).includes(at.path[at.path.length - 1] as string);
  const markdown = fieldMarkdown(entry.schema, name, schema, info).replace(/^(\*\*[^*]+\*\*: `[^`]*`)/, required ? '$1 (required)' : '$1');
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range };
}

/** The range of the hovered key or value. */
function hoverRange(file: YamlFile, base: number, root: YamlNode, path: readonly (string | number)[], onKey: boolean): Hover['range'] {
  let node: YamlNode | null = root;
  let span: { start: number; end: number } | undefined;
  for (const segment of path) {
    if (!node) break;
    if (node.kind === 'map') {
      const entry: { keySpan: { start: number; end: number }; value: YamlNode | null } | undefined = node.entries.find((e) => e.key === segment);
      if (!entry) break;
      span = onKey || !entry.value ? entry.keySpan : entry.value;
      node = entry.value;
    } else if (node.kind === 'seq' && typeof segment === 'number') {
      node = node.items[segment] ?? null;
      span = node ?? span;
    } else break;
  }
  if (!span) return undefined;
  // Keep multi-line values to their first character: the hover is about the key.
  const end = span.end - span.start > 200 ? span.start + 1 : span.end;
  return { start: file.positionAt(base + span.start), end: file.positionAt(base + end) };
}
