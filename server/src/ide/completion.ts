// Completion inside one YAML document, driven by the bundled schemas: keys not yet present (with docs),
// enum and boolean values, apiVersion/kind pairs, and skeletons for new resources. Works while typing on
// incomplete YAML: the current line is replaced by a marker and only the one document is re-parsed.
import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type Range,
} from 'vscode-languageserver-types';
import { parseYamlDocument, type PathSegment, type YamlFile, type YamlNode } from '../model/index.ts';
import {
  kindInfo, knownKinds, propertiesOf, resolve, schemaAtPath, schemaFor, typeLabel, typesOf, type KindInfo, type SchemaNode,
} from '../schema/index.ts';
import { skeletonFor } from './skeletons.ts';

/** Stands in for the text being typed so that the document parses. */
const MARK = 'mw_completion_marker_7f3a';

/** Characters of a key or value being typed. */
const WORD = /[^\s:#,[\]{}"']*$/;

interface Context {
  readonly file: YamlFile;
  /** Absolute offset of the document's text. */
  readonly base: number;
  readonly docText: string;
  /** Cursor offset relative to the document. */
  readonly rel: number;
  readonly lineStart: number;
  readonly lineEnd: number;
}

/** Completion items at an absolute offset of a file. */
export function completionAt(file: YamlFile, offset: number): CompletionItem[] {
  const document = file.documentAt(offset);
  if (!document) return emptyFileItems(file, offset, offset);
  const base = document.offset;
  const docText = file.text.slice(base, base + document.length);
  const rel = Math.max(0, Math.min(offset - base, docText.length));
  const lineStart = docText.lastIndexOf('\n', rel - 1) + 1;
  const newline = docText.indexOf('\n', rel);
  const lineEnd = newline < 0 ? docText.length : newline;
  const context: Context = { file, base, docText, rel, lineStart, lineEnd };
  const prefix = docText.slice(lineStart, rel);
  if (/#/.test(prefix.replace(/"[^"]*"|'[^']*'/g, ''))) return []; // inside a comment

  const valueMatch = /^(\s*(?:-\s+)*)([^\s#:][^#:]*?):[ \t]+(.*)$/.exec(prefix);
  if (valueMatch && !/^[[{]/.test(valueMatch[3]!)) return valueCompletion(context, valueMatch[3]!);
  const keyMatch = /^(\s*(?:-\s+)*)([^\s:#"'{}[\],]*)$/.exec(prefix);
  if (keyMatch) return keyCompletion(context, keyMatch[1]!, keyMatch[2]!);
  return [];
}

// ---------------------------------------------------------------------------------------------------------
// Keys

function keyCompletion(context: Context, lead: string, typed: string): CompletionItem[] {
  const { docText, lineStart, lineEnd, rel } = context;
  const rest = docText.slice(rel, lineEnd);
  const restWord = /^[^\s:#]*/.exec(rest)![0];
  const editingExistingKey = /^[^\s:#]*:/.test(rest);
  const patched = docText.slice(0, lineStart) + `${lead}${MARK}: 0` + docText.slice(lineEnd);
  const parsed = parseYamlDocument(patched);
  const found = findMarker(parsed.root, []);
  const replace = rangeOf(context, rel - typed.length, rel + restWord.length);
  const column = lead.length; // keys of the new entry start here
  const value = (parsed.value ?? {}) as Record<string, unknown>;
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
  const kind = typeof value.kind === 'string' ? value.kind : undefined;

  if (!found) return [];
  const parentPath = found.path.slice(0, -1);
  if (parentPath.length === 0) return rootKeyItems(value, apiVersion, kind, replace, editingExistingKey);
  const info = apiVersion && kind ? kindInfo(apiVersion, kind) : undefined;
  const entry = apiVersion && kind ? schemaFor(apiVersion, kind) : undefined;
  if (!info || !entry) return [];
  const root = entry.schema;
  const parentSchema = schemaAtPath(root, parentPath);
  // `- ` followed by a word in a list of scalars: offer the items' values.
  if (!parentSchema?.properties && typeof parentPath[parentPath.length - 1] === 'number') {
    return valueItems(root, parentSchema, replace);
  }
  const present = new Set(found.siblings);
  const required = new Set(resolve(root, parentSchema)?.required ?? []);
  const items: CompletionItem[] = [];
  for (const [name, property] of Object.entries(propertiesOf(root, parentSchema))) {
    if (present.has(name) || name === 'status') continue;
    items.push(keyItem(root, name, property, column, replace, editingExistingKey, required.has(name), info));
  }
  return items;
}

function keyItem(root: SchemaNode, name: string, property: SchemaNode, column: number, range: Range, bare: boolean, required: boolean, info: KindInfo): CompletionItem {
  const schema = resolve(root, property);
  const types = typesOf(schema);
  const indent = ' '.repeat(column);
  let insert: string;
  if (bare) insert = name;
  else if (schema?.enum && schema.enum.length > 0) insert = `${name}: \${1|${schema.enum.map((v) => escapeChoice(String(v))).join(',')}|}`;
  else if (types.length === 1 && types[0] === 'boolean') insert = `${name}: \${1|true,false|}`;
  else if (types.length === 1 && types[0] === 'array') insert = `${name}:\n${indent}- $0`;
  else if (types.length === 1 && types[0] === 'object') insert = `${name}:\n${indent}  $0`;
  else insert = `${name}: $0`;
  return {
    label: name,
    kind: CompletionItemKind.Property,
    detail: `${typeLabel(root, property)}${required ? ' (required)' : ''}`,
    documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(root, name, property, info) },
    sortText: `${required ? '0' : '1'}${name}`,
    filterText: name,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range, newText: insert },
  };
}

/** Markdown documentation of a field: type, description, allowed values, default, source. */
export function fieldMarkdown(root: SchemaNode, name: string, property: SchemaNode | undefined, info: KindInfo): string {
  const schema = resolve(root, property);
  const parts = [`**${name}**: \`${typeLabel(root, property)}\``];
  if (schema?.description) parts.push(schema.description);
  if (schema?.enum?.length) parts.push(`Allowed values: ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (schema?.default !== undefined && !(typeof schema.default === 'object' && schema.default !== null && Object.keys(schema.default).length === 0)) {
    parts.push(`Default: \`${JSON.stringify(schema.default)}\``);
  }
  parts.push(`${info.kind} ${info.apiVersion} · ${info.release} · [reference](${info.docsUrl})`);
  return parts.join('\n\n');
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$|,}]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------------------
// Root level: apiVersion/kind pairs and skeletons

function rootKeyItems(value: Record<string, unknown>, apiVersion: string | undefined, kind: string | undefined, range: Range, bare: boolean): CompletionItem[] {
  const present = new Set(Object.keys(value).filter((key) => key !== MARK));
  const info = apiVersion && kind ? kindInfo(apiVersion, kind) : undefined;
  const items: CompletionItem[] = [];
  if (!apiVersion && !kind && !bare) {
    // An empty document: every apiVersion/kind pair, and a skeleton per preferred kind.
    for (const pair of preferredKinds()) items.push(pairItem(pair, range), skeletonItem(pair, range, true));
    return items;
  }
  if (info && !present.has('metadata') && !present.has('spec') && !bare) {
    items.push(skeletonItem(info, range, false));
  }
  const entry = info ? schemaFor(info.apiVersion, info.kind) : undefined;
  if (entry && info) {
    const root = entry.schema;
    const required = new Set(root.required ?? []);
    for (const [name, property] of Object.entries(root.properties ?? {})) {
      if (present.has(name) || name === 'status') continue;
      items.push(keyItem(root, name, property, 0, range, bare, required.has(name), info));
    }
  } else if (kind && !apiVersion && !bare) {
    // `kind:` written first: the apiVersion lines that serve it.
    for (const match of knownKinds().filter((candidate) => candidate.kind === kind)) {
      items.push({
        label: `apiVersion: ${match.apiVersion}`,
        kind: CompletionItemKind.Module,
        detail: match.release,
        documentation: { kind: MarkupKind.Markdown, value: kindMarkdown(match) },
        sortText: `${match.version === match.preferredVersion ? '0' : '1'}${match.apiVersion}`,
        filterText: `apiVersion ${match.apiVersion}`,
        textEdit: { range, newText: `apiVersion: ${match.apiVersion}` },
      });
    }
  } else {
    for (const name of ['apiVersion', 'kind', 'metadata', 'spec']) {
      if (!present.has(name)) items.push({ label: name, kind: CompletionItemKind.Property, textEdit: { range, newText: bare ? name : `${name}: ` } });
    }
  }
  return items;
}

/** One entry per kind: its preferred (most stable served) version. */
function preferredKinds(): KindInfo[] {
  return knownKinds().filter((info) => info.version === info.preferredVersion);
}

function pairItem(info: KindInfo, range: Range): CompletionItem {
  return {
    label: `${info.kind} (${info.apiVersion})`,
    kind: CompletionItemKind.Class,
    detail: `${info.release}`,
    documentation: { kind: MarkupKind.Markdown, value: kindMarkdown(info) },
    sortText: `1${sourceRank(info)}${info.kind}`,
    filterText: `${info.kind} ${info.apiVersion} apiVersion kind`,
    textEdit: { range, newText: `apiVersion: ${info.apiVersion}\nkind: ${info.kind}\n` },
  };
}

function skeletonItem(info: KindInfo, range: Range, withHeader: boolean): CompletionItem {
  const body = skeletonFor(info);
  return {
    label: `New ${info.kind}`,
    kind: CompletionItemKind.Snippet,
    detail: `${info.apiVersion} skeleton`,
    documentation: { kind: MarkupKind.Markdown, value: kindMarkdown(info) },
    sortText: `0${sourceRank(info)}${info.kind}`,
    filterText: `New ${info.kind} ${info.kind}`,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range, newText: withHeader ? `apiVersion: ${info.apiVersion}\nkind: ${info.kind}\n${body}` : body },
  };
}

function sourceRank(info: KindInfo): string {
  return info.source === 'istio' ? 'a' : info.source === 'gateway-api' ? 'b' : 'c';
}

/** Markdown summary of a kind (used by completion and hover). */
export function kindMarkdown(info: KindInfo): string {
  const versions = knownKinds().filter((other) => other.kind === info.kind && other.group === info.group).map((other) => `\`${other.apiVersion}\``);
  return [
    `**${info.kind}** (\`${info.apiVersion}\`)`,
    info.summary,
    `Served versions: ${versions.join(', ')}; preferred: \`${info.group ? `${info.group}/` : ''}${info.preferredVersion}\`.`,
    `${info.release} · [${info.kind} reference](${info.docsUrl})`,
  ].join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------
// Values

function valueCompletion(context: Context, typedValue: string): CompletionItem[] {
  const { docText, lineStart, lineEnd, rel } = context;
  const typed = WORD.exec(typedValue)![0];
  const restWord = /^[^\s#,\]}]*/.exec(docText.slice(rel, lineEnd))![0];
  const valueStart = rel - typedValue.length;
  const patched = docText.slice(0, valueStart) + MARK + docText.slice(lineEnd);
  const parsed = parseYamlDocument(patched);
  const found = findMarker(parsed.root, []);
  if (!found) return [];
  const range = rangeOf(context, rel - typed.length, rel + restWord.length);
  const value = (parsed.value ?? {}) as Record<string, unknown>;
  const path = found.path;
  if (path.length === 1 && (path[0] === 'kind' || path[0] === 'apiVersion')) {
    return headerValueItems(context, path[0], value, range, lineStart);
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
  const kind = typeof value.kind === 'string' ? value.kind : undefined;
  const entry = apiVersion && kind ? schemaFor(apiVersion, kind) : undefined;
  if (!entry) return [];
  return valueItems(entry.schema, schemaAtPath(entry.schema, path), range);
}

/** Enum values, booleans, or the values of a list's items. */
function valueItems(root: SchemaNode, node: SchemaNode | undefined, range: Range): CompletionItem[] {
  let schema = resolve(root, node);
  if (schema && typesOf(schema).includes('array')) schema = resolve(root, schema.items);
  if (!schema) return [];
  const values: unknown[] = schema.enum ? [...schema.enum] : typesOf(schema).includes('boolean') ? [true, false] : [];
  return values.map((value, index) => ({
    label: String(value),
    kind: CompletionItemKind.EnumMember,
    sortText: String(index).padStart(3, '0'),
    documentation: schema!.description ? { kind: MarkupKind.Markdown, value: schema!.description } : undefined,
    textEdit: { range, newText: String(value) },
  }));
}

/** Values for `kind:` and `apiVersion:` at the top level; the other header line comes along when missing. */
function headerValueItems(context: Context, field: 'kind' | 'apiVersion', value: Record<string, unknown>, range: Range, lineStart: number): CompletionItem[] {
  const otherField = field === 'kind' ? 'apiVersion' : 'kind';
  const other = typeof value[otherField] === 'string' ? (value[otherField] as string) : undefined;
  let candidates = knownKinds();
  if (other) {
    const matching = candidates.filter((info) => (field === 'kind' ? info.apiVersion === other : info.kind === other));
    if (matching.length > 0) candidates = matching;
  }
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const info of candidates) {
    const text = field === 'kind' ? info.kind : info.apiVersion;
    const withOther = other === undefined;
    const key = withOther ? `${info.apiVersion}|${info.kind}` : text;
    if (seen.has(key)) continue;
    seen.add(key);
    const preferred = info.version === info.preferredVersion;
    const item: CompletionItem = {
      label: withOther ? `${info.kind} (${info.apiVersion})` : text,
      kind: field === 'kind' ? CompletionItemKind.Class : CompletionItemKind.Module,
      detail: info.release,
      documentation: { kind: MarkupKind.Markdown, value: kindMarkdown(info) },
      sortText: `${preferred ? '0' : '1'}${sourceRank(info)}${info.kind}${info.apiVersion}`,
      filterText: withOther ? `${text} ${field === 'kind' ? info.apiVersion : info.kind}` : text,
      textEdit: { range, newText: text },
    };
    // In a document without the other header line, the chosen pair inserts both lines.
    if (withOther && field === 'kind') item.additionalTextEdits = [{ range: rangeOf(context, lineStart, lineStart), newText: `apiVersion: ${info.apiVersion}\n` }];
    if (withOther && field === 'apiVersion') item.textEdit = { range, newText: `${info.apiVersion}\nkind: ${info.kind}` };
    items.push(item);
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function rangeOf(context: Context, startRel: number, endRel: number): Range {
  return { start: context.file.positionAt(context.base + startRel), end: context.file.positionAt(context.base + endRel) };
}

/** Finds the marker as a key or scalar value: its path, and the other keys of its mapping. */
function findMarker(node: YamlNode | null, path: PathSegment[]): { path: PathSegment[]; siblings: string[] } | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value === MARK ? { path, siblings: [] } : undefined;
  if (node.kind === 'map') {
    for (const entry of node.entries) {
      if (entry.key === MARK) return { path: [...path, MARK], siblings: node.entries.map((e) => e.key).filter((key) => key !== MARK) };
      const found = findMarker(entry.value, [...path, entry.key]);
      if (found) return found;
    }
    return undefined;
  }
  for (let i = 0; i < node.items.length; i++) {
    const found = findMarker(node.items[i] ?? null, [...path, i]);
    if (found) return found;
  }
  return undefined;
}

/** A file with no documents at all (empty text): the same as an empty document. */
function emptyFileItems(file: YamlFile, start: number, end: number): CompletionItem[] {
  const range = { start: file.positionAt(start), end: file.positionAt(end) };
  return preferredKinds().flatMap((info) => [pairItem(info, range), skeletonItem(info, range, true)]);
}
