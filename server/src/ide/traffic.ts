// Traffic splits of VirtualService routes (http, tcp, tls): destinations with their effective weights, and an
// edit builder that rewrites a route's weights (keeping the total at 100) as LSP TextEdits on the exact values,
// inserting `weight:` keys where they are missing.
import type { TextEdit } from 'vscode-languageserver-types';
import type { ObjectPath, Resource, YamlDocument, YamlMap, YamlNode } from '../model/types.ts';
import type { YamlFile } from '../model/index.ts';
import { locate } from '../model/index.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { namespaceOf } from '../analysis/workspaceIndex.ts';
import type { RouteSplit, SourceLocation, SplitDestination } from '../../../protocol/webview.ts';
import { asArray, asRecord, asString, qualifyHost, resourceRef, specOf } from './meshNames.ts';

const PROTOCOLS = ['http', 'tcp', 'tls'] as const;

/** Every route split of the VirtualServices in the index, or only those defined in `uri`. */
export function trafficSplit(index: WorkspaceIndex, uri?: string): RouteSplit[] {
  const out: RouteSplit[] = [];
  for (const vs of index.resources('VirtualService')) {
    if (uri !== undefined && vs.uri !== uri) continue;
    out.push(...splitsOf(vs));
  }
  return out;
}

/** The route splits of one VirtualService resource. */
export function splitsOf(vs: Resource): RouteSplit[] {
  const out: RouteSplit[] = [];
  const spec = specOf(vs);
  const namespace = namespaceOf(vs);
  for (const protocol of PROTOCOLS) {
    asArray(spec[protocol]).forEach((raw, routeIndex) => {
      const route = asRecord(raw);
      if (!route) return;
      const routePath: ObjectPath = ['spec', protocol, routeIndex];
      const items = asArray(route.route);
      const destinations: SplitDestination[] = [];
      items.forEach((itemRaw, j) => {
        const item = asRecord(itemRaw) ?? {};
        const destination = asRecord(item.destination) ?? {};
        const written = typeof item.weight === 'number';
        const weight = written ? (item.weight as number) : items.length === 1 ? 100 : 0;
        const split: SplitDestination = {
          host: qualifyHost(asString(destination.host) ?? '', namespace),
          weight,
          written,
          source: sourceOf(vs, [...routePath, 'route', j, written ? 'weight' : 'destination']),
        };
        const subset = asString(destination.subset);
        if (subset !== undefined) split.subset = subset;
        const port = asRecord(destination.port)?.number;
        if (typeof port === 'number') split.port = port;
        destinations.push(split);
      });
      const split: RouteSplit = {
        id: `${vs.uri}#${resourceRef(vs)}/${protocol}[${routeIndex}]`,
        uri: vs.uri,
        virtualService: resourceRef(vs),
        protocol,
        routeIndex,
        match: matchSummary(route),
        destinations,
        total: destinations.reduce((sum, d) => sum + d.weight, 0),
        source: sourceOf(vs, routePath),
      };
      const name = asString(route.name);
      if (name !== undefined) split.name = name;
      const mirror = asRecord(route.mirror);
      if (mirror) {
        const percentage = asRecord(route.mirrorPercentage)?.value ?? route.mirrorPercent;
        split.mirror = { host: qualifyHost(asString(mirror.host) ?? '', namespace), percentage: typeof percentage === 'number' ? percentage : 100 };
        const subset = asString(mirror.subset);
        if (subset !== undefined) split.mirror.subset = subset;
      }
      out.push(split);
    });
  }
  return out;
}

/** A short, human summary of a route's match blocks ("uri prefix /api, header end-user | port 80"). */
export function matchSummary(route: Record<string, unknown>): string {
  const blocks = asArray(route.match).map(asRecord).filter((m): m is Record<string, unknown> => !!m);
  if (blocks.length === 0) return 'all traffic';
  return blocks.map(describeMatch).join(' | ');
}

function describeMatch(match: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['uri', 'method', 'authority', 'scheme']) {
    const condition = asRecord(match[key]);
    if (condition) parts.push(`${key} ${describeCondition(condition)}`);
  }
  for (const name of Object.keys(asRecord(match.headers) ?? {})) parts.push(`header ${name}`);
  for (const name of Object.keys(asRecord(match.withoutHeaders) ?? {})) parts.push(`without ${name}`);
  for (const name of Object.keys(asRecord(match.queryParams) ?? {})) parts.push(`query ${name}`);
  if (typeof match.port === 'number') parts.push(`port ${match.port}`);
  if (match.sourceLabels) parts.push('source labels');
  if (typeof match.sourceNamespace === 'string') parts.push(`from ${match.sourceNamespace}`);
  if (Array.isArray(match.sniHosts)) parts.push(`sni ${match.sniHosts.join(' ')}`);
  if (Array.isArray(match.gateways)) parts.push(`via ${match.gateways.join(' ')}`);
  return parts.join(', ') || 'any';
}

function describeCondition(condition: Record<string, unknown>): string {
  for (const kind of ['exact', 'prefix', 'regex']) if (typeof condition[kind] === 'string') return `${kind} ${condition[kind] as string}`;
  return 'present';
}

/** Where a split points in a resource's file. */
function sourceOf(resource: Resource, path: ObjectPath): SourceLocation {
  const location = locate(resource.document, path);
  const span = location.key && location.depth === path.length ? { start: location.key.start, end: location.value.end } : location.value;
  return { uri: resource.uri, path: [...path], span: { start: span.start, end: span.end } };
}

/**
 * Brings weights to a total of 100 with integers: proportional scaling, rounding by largest remainder.
 * All-zero weights become an even split.
 */
export function balanceWeights(weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const clean = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const sum = clean.reduce((a, b) => a + b, 0);
  const shares = sum === 0 ? clean.map(() => 100 / clean.length) : clean.map((w) => (w * 100) / sum);
  const floors = shares.map(Math.floor);
  let remaining = 100 - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, rest: s - Math.floor(s) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (remaining <= 0) break;
    floors[i]!++;
    remaining--;
  }
  return floors;
}

/** Parses a route id produced by `splitsOf`. */
export function parseRouteId(id: string): { uri: string; virtualService: string; protocol: 'http' | 'tcp' | 'tls'; routeIndex: number } | undefined {
  const hash = id.lastIndexOf('#');
  if (hash < 0) return undefined;
  const match = /^([^/]+\/[^/]+)\/(http|tcp|tls)\[(\d+)\]$/.exec(id.slice(hash + 1));
  if (!match) return undefined;
  return { uri: id.slice(0, hash), virtualService: match[1]!, protocol: match[2] as 'http' | 'tcp' | 'tls', routeIndex: Number(match[3]) };
}

/**
 * TextEdits that set the weights of one route (weights are balanced to 100 first). Existing weight values are
 * replaced in place; missing `weight:` keys are inserted after the destination. Undefined when the route
 * does not exist or the number of weights differs from the number of destinations.
 */
export function weightEdits(file: YamlFile, routeId: string, weights: readonly number[]): TextEdit[] | undefined {
  const parsed = parseRouteId(routeId);
  if (!parsed || parsed.uri !== file.uri) return undefined;
  const resource = file.resources.find((r) => r.kind === 'VirtualService' && resourceRef(r) === parsed.virtualService);
  if (!resource) return undefined;
  const document = resource.document;
  const routePath: ObjectPath = ['spec', parsed.protocol, parsed.routeIndex, 'route'];
  const routeList = nodeAt(document.root, routePath);
  if (!routeList || routeList.kind !== 'seq' || routeList.items.length !== weights.length) return undefined;
  const balanced = balanceWeights(weights);
  const edits: TextEdit[] = [];
  routeList.items.forEach((item, j) => {
    if (!item || item.kind !== 'map') return;
    const weightEntry = item.entries.find((e) => e.key === 'weight');
    const value = String(balanced[j]);
    if (weightEntry?.value && weightEntry.value.kind === 'scalar') {
      const start = document.offset + weightEntry.value.start;
      const end = document.offset + weightEntry.value.end;
      if (file.text.slice(start, end) !== value) edits.push(textEdit(file, start, end, value));
      return;
    }
    if (weightEntry) return; // weight with a non-scalar value: leave it, schema validation reports it
    edits.push(insertWeight(file, document, item, value));
  });
  return edits;
}

function insertWeight(file: YamlFile, document: YamlDocument, item: YamlMap, value: string): TextEdit {
  const text = file.text;
  if (item.flow) {
    let at = document.offset + item.end - 1; // the closing brace
    while (at > 0 && /\s/.test(text[at - 1]!)) at--;
    const empty = item.entries.length === 0;
    return textEdit(file, at, at, `${empty ? '' : ', '}weight: ${value}`);
  }
  const first = item.entries[0]!;
  const keyStart = document.offset + first.keySpan.start;
  const column = file.positionAt(keyStart).character;
  const last = item.entries[item.entries.length - 1]!;
  let at = document.offset + (last.value ? last.value.end : last.keySpan.end + 1);
  while (at > keyStart && /\s/.test(text[at - 1]!)) at--;
  return textEdit(file, at, at, `\n${' '.repeat(column)}weight: ${value}`);
}

function textEdit(file: YamlFile, start: number, end: number, newText: string): TextEdit {
  return { range: { start: file.positionAt(start), end: file.positionAt(end) }, newText };
}

/** The source node at a path (relative spans), or undefined. */
export function nodeAt(root: YamlNode | null, path: ObjectPath): YamlNode | undefined {
  let node: YamlNode | null | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.kind === 'map' && typeof segment === 'string') node = node.entries.find((e) => e.key === segment)?.value;
    else if (node.kind === 'seq' && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return node ?? undefined;
}
