// Quick fixes for cross-resource findings: replace a name with the closest existing one (host, subset,
// gateway as namespace/name, namespace, annotation), create a missing DestinationRule subset, add the missing
// destination port, replace deprecated fault.delay.percent, and name a Service port after its protocol (IST0118:
// rename to `<protocol>-<name>` or set appProtocol). Works on diagnostics produced from findings (their `data`
// carries the finding's code, object path and fix hints).
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { locate, spanOf, valueAt, type ObjectPath, type YamlDocument, type YamlFile, type YamlNode } from '../model/index.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';

/** Resolves another file of the workspace (for fixes that edit the other resource). */
export type FileLookup = (uri: string) => YamlFile | undefined;

interface FixData {
  code?: string;
  path?: ObjectPath;
  suggestion?: string;
  reference?: string;
  host?: string;
  subset?: string;
  ports?: number[];
  destinationRule?: { uri: string; namespace: string; name: string };
  replaceWith?: unknown;
}

/** Code actions for the diagnostics in `range` of `file`. */
export function codeActionsFor(file: YamlFile, _range: Range, diagnostics: readonly Diagnostic[], index: WorkspaceIndex, lookup?: FileLookup): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== undefined && diagnostic.source !== 'meshwright') continue;
    const data = (diagnostic.data ?? {}) as FixData;
    const code = String(data.code ?? diagnostic.code ?? '');
    if (!data.path) continue;
    const document = file.documentAt(file.offsetAt(diagnostic.range.start));
    if (!document || !document.root) continue;
    const edit = (edits: TextEdit[], uri = file.uri): WorkspaceEdit => ({ changes: { [uri]: edits } });
    const action = (title: string, workspaceEdit: WorkspaceEdit, preferred = false): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit,
      ...(preferred ? { isPreferred: true } : {}),
    });

    if (code === 'IST0118') {
      for (const fix of portNameFixes(file, document, data.path)) actions.push(action(fix.title, edit([fix.edit]), fix.preferred));
      continue;
    }
    if (data.suggestion && data.reference !== 'selector') {
      const onKey = code === 'IST0108';
      const span = spanOf(document, data.path, onKey ? 'key' : 'value');
      const text = onKey ? data.suggestion : quoteIfNeeded(data.suggestion);
      actions.push(action(`Change to "${data.suggestion}"`, edit([{ range: toRange(file, span), newText: text }]), true));
    }
    if (code === 'IST0101' && data.reference === 'subset' && data.host && data.subset) {
      const fix = createSubsetFix(file, index, data, lookup);
      if (fix) actions.push(action(fix.title, fix.edit, !data.suggestion));
    }
    if (code === 'IST0112' && data.ports?.length) {
      // path points at destination.host: add `port: {number: N}` as a sibling.
      const destinationPath = data.path.slice(0, -1);
      for (const port of data.ports) {
        const insertion = siblingInsertion(file, document, destinationPath, `port:\n  number: ${port}`);
        if (insertion) actions.push(action(`Add destination port ${port}`, edit([insertion])));
      }
    }
    if (code === 'IST0101' && data.reference === 'host:port' && data.ports?.length) {
      const span = spanOf(document, data.path, 'value');
      for (const port of data.ports) actions.push(action(`Use port ${port}`, edit([{ range: toRange(file, span), newText: String(port) }])));
    }
    if (code === 'IST0002' && data.replaceWith && data.path.at(-1) === 'percent') {
      const location = locate(document, data.path);
      if (location.key && location.depth === data.path.length) {
        const value = valueAt(document.value, data.path);
        const keyRange = toRange(file, { start: location.key.start, end: location.value.end });
        const indent = ' '.repeat(file.positionAt(location.key.start).character);
        actions.push(action('Replace percent with percentage', edit([{ range: keyRange, newText: `percentage:\n${indent}  value: ${String(value)}` }]), true));
      }
    }
  }
  return actions;
}

/** Protocols a port probably speaks, best guess first (from its name and number), then the usual fallbacks. */
function likelyProtocols(name: string, number: number | undefined): string[] {
  const guesses: string[] = [];
  const lower = name.toLowerCase();
  const byName: [RegExp, string][] = [[/grpc/, 'grpc'], [/https|ssl|tls|secure/, 'https'], [/h2|http2/, 'http2'], [/mysql/, 'mysql'], [/redis/, 'redis'], [/mongo/, 'mongo'], [/http|web|api|ui|metrics|admin|rest/, 'http'], [/db|sql|postgres|kafka|amqp|tcp/, 'tcp']];
  for (const [pattern, protocol] of byName) if (pattern.test(lower)) guesses.push(protocol);
  const byNumber: Record<number, string> = { 80: 'http', 8000: 'http', 8080: 'http', 8081: 'http', 3000: 'http', 5000: 'http', 9080: 'http', 443: 'https', 8443: 'https', 50051: 'grpc', 3306: 'mysql', 6379: 'redis', 27017: 'mongo', 5432: 'tcp', 9092: 'tcp', 2181: 'tcp' };
  if (number !== undefined && byNumber[number]) guesses.push(byNumber[number]!);
  return [...new Set([...guesses, 'http', 'tcp'])].slice(0, 3);
}

/** A valid, unused Kubernetes port name (at most 15 characters) starting with the protocol. */
function protocolPortName(protocol: string, name: string, taken: ReadonlySet<string>): string {
  const suffix = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  const candidates = [suffix ? `${protocol}-${suffix}`.slice(0, 15).replace(/-+$/, '') : protocol, protocol];
  for (let i = 2; i < 10; i++) candidates.push(`${protocol}-${i}`);
  return candidates.find((candidate) => !taken.has(candidate)) ?? `${protocol}-${name}`;
}

/**
 * IST0118 fixes for the Service port at `path` (…/ports/i/name, or …/ports/i/port when unnamed): rename it to
 * `<protocol>-<name>` (or name it) for the likely protocols, or set appProtocol to the most likely one.
 */
function portNameFixes(file: YamlFile, document: YamlDocument, path: ObjectPath): { title: string; edit: TextEdit; preferred: boolean }[] {
  const portPath = path.slice(0, -1);
  const port = valueAt(document.value, portPath);
  if (!port || typeof port !== 'object' || Array.isArray(port)) return [];
  const fields = port as Record<string, unknown>;
  const name = typeof fields.name === 'string' ? fields.name : '';
  const number = typeof fields.port === 'number' ? fields.port : undefined;
  const siblings = valueAt(document.value, portPath.slice(0, -1));
  const taken = new Set((Array.isArray(siblings) ? siblings : []).map((p) => (p && typeof p === 'object' ? (p as Record<string, unknown>).name : undefined)).filter((n): n is string => typeof n === 'string'));
  const protocols = likelyProtocols(name, number);
  const fixes: { title: string; edit: TextEdit; preferred: boolean }[] = [];
  protocols.forEach((protocol, i) => {
    const newName = protocolPortName(protocol, name, taken);
    if (fields.name !== undefined) {
      const span = spanOf(document, [...portPath, 'name'], 'value');
      fixes.push({ title: `Rename port "${name}" to "${newName}"`, edit: { range: toRange(file, span), newText: newName }, preferred: i === 0 });
    } else {
      const insertion = siblingInsertion(file, document, portPath, `name: ${newName}`);
      if (insertion) fixes.push({ title: `Name the port "${newName}"`, edit: insertion, preferred: i === 0 });
    }
  });
  const appProtocol = protocols[0]!;
  if (fields.appProtocol !== undefined) {
    const span = spanOf(document, [...portPath, 'appProtocol'], 'value');
    fixes.push({ title: `Set appProtocol to "${appProtocol}"`, edit: { range: toRange(file, span), newText: appProtocol }, preferred: false });
  } else {
    const insertion = siblingInsertion(file, document, portPath, `appProtocol: ${appProtocol}`);
    if (insertion) fixes.push({ title: `Add appProtocol: ${appProtocol}`, edit: insertion, preferred: false });
  }
  return fixes;
}

function createSubsetFix(file: YamlFile, index: WorkspaceIndex, data: FixData, lookup?: FileLookup): { title: string; edit: WorkspaceEdit } | undefined {
  const target = data.destinationRule;
  if (!target) return undefined;
  const dr = index.find('DestinationRule', target.namespace, target.name);
  if (!dr) return undefined;
  const drFile = dr.uri === file.uri ? file : lookup?.(dr.uri);
  if (!drFile) return undefined;
  const subsetText = `name: ${data.subset}\nlabels:\n  version: ${data.subset}`;
  const document = dr.document;
  const subsetsNode = nodeAt(document, ['spec', 'subsets']);
  let textEdit: TextEdit | undefined;
  if (subsetsNode && subsetsNode.kind === 'seq' && !subsetsNode.flow && subsetsNode.items.length > 0) {
    const first = subsetsNode.items[0]!;
    const dashOffset = document.offset + subsetsNode.start;
    const dashColumn = drFile.positionAt(dashOffset).character;
    const itemColumn = drFile.positionAt(document.offset + first.start).character;
    const end = drFile.positionAt(document.offset + subsetsNode.end);
    const lines = subsetText.split('\n');
    const text = lines.map((line, i) => (i === 0 ? `${' '.repeat(dashColumn)}- ${line}` : `${' '.repeat(itemColumn)}${line}`)).join('\n');
    const atLineStart = end.character === 0;
    textEdit = { range: { start: end, end }, newText: atLineStart ? `${text}\n` : `\n${text}` };
  } else {
    const inserted = siblingInsertion(drFile, document, ['spec'], `subsets:\n- ${subsetText.split('\n').join('\n  ')}`, ['spec', 'host']);
    if (!inserted) return undefined;
    textEdit = inserted;
  }
  return { title: `Create subset "${data.subset}" in DestinationRule ${target.namespace}/${target.name}`, edit: { changes: { [drFile.uri]: [textEdit] } } };
}

/** Inserts `text` (lines relative to the mapping's indentation) as the last entry of the mapping at `mapPath`. */
function siblingInsertion(file: YamlFile, document: YamlDocument, mapPath: ObjectPath, text: string, afterPath?: ObjectPath): TextEdit | undefined {
  const map = nodeAt(document, mapPath);
  if (!map || map.kind !== 'map' || map.flow || map.entries.length === 0) return undefined;
  const column = file.positionAt(document.offset + map.entries[0]!.keySpan.start).character;
  let endOffset = document.offset + map.end;
  if (afterPath) {
    const anchor = nodeAt(document, afterPath);
    if (anchor) endOffset = document.offset + anchor.end;
  }
  const end = file.positionAt(endOffset);
  const body = text
    .split('\n')
    .map((line) => ' '.repeat(column) + line)
    .join('\n');
  return end.character === 0 ? { range: { start: end, end }, newText: `${body}\n` } : { range: { start: end, end }, newText: `\n${body}` };
}

function nodeAt(document: YamlDocument, path: ObjectPath): YamlNode | null | undefined {
  let node: YamlNode | null = document.root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.kind === 'map' && typeof segment === 'string') node = node.entries.find((e) => e.key === segment)?.value ?? null;
    else if (node.kind === 'seq' && typeof segment === 'number') node = node.items[segment] ?? null;
    else return undefined;
  }
  return node;
}

function toRange(file: YamlFile, span: { start: number; end: number }): Range {
  return { start: file.positionAt(span.start), end: file.positionAt(span.end) };
}

function quoteIfNeeded(value: string): string {
  return /^[*&!|>'"%@`{[]/.test(value) || /[:#]\s|\s#/.test(value) ? JSON.stringify(value) : value;
}
