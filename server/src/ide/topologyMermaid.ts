// The mermaid flowchart text of a finished topology view. Every label is encoded by `mermaidText` (an
// allow-list; everything else becomes a mermaid entity code) and every id is generated, so no user text can
// become mermaid syntax. Labels are broken into short lines here, so mermaid never has to measure and re-wrap
// them word by word (its SVG-label wrapping is the most expensive part of a render).
import type { TopologyEdge, TopologyNode, TopologyNodeKind } from '../../../protocol/webview.ts';

/** Longest node label line we emit (characters); the webview sets mermaid's node wrapping width well above it. */
export const LABEL_LINE_LENGTH = 30;
/** Edge labels wrap at mermaid's fixed 200 px: about 18 characters of a wide 14 px sans-serif font (DejaVu Sans). */
export const EDGE_LINE_LENGTH = 18;

/**
 * Encodes text for a quoted mermaid label: an allow-list of plain characters passes; everything else becomes
 * a mermaid entity code (`#60;`), so quotes, brackets, arrows, `%%` directives, `<tags>`, newlines and `click`
 * lines can never leave the label. Long text is shortened.
 */
export function mermaidText(text: string, max = 80): string {
  const chars = [...clean(text)];
  const clipped = chars.length > max ? [...chars.slice(0, max - 1), '…'] : chars;
  let out = '';
  for (const ch of clipped) out += /^[A-Za-z0-9 ._/,=+*()-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  // A run of spaces or a leading/trailing space is harmless but noisy.
  return out.replace(/ {2,}/g, ' ');
}

function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

function clip(text: string, max: number): string {
  const chars = [...clean(text)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** Splits one word longer than `max` after `.`, `-` or `/` where possible, else hard. */
function splitWord(word: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = [...word];
  while (rest.length > max) {
    let cut = -1;
    for (let i = max - 1; i >= Math.floor(max / 2); i--) if ('.-/'.includes(rest[i]!)) {
      cut = i + 1;
      break;
    }
    if (cut < 0) cut = max;
    pieces.push(rest.slice(0, cut).join(''));
    rest = rest.slice(cut);
  }
  if (rest.length) pieces.push(rest.join(''));
  return pieces;
}

/** Greedy line packing: pieces joined by `separator`, words of a piece wrapped, no line longer than `max` (in characters). */
export function packLines(pieces: readonly string[], max = LABEL_LINE_LENGTH, separator = ' · '): string[] {
  const lines: string[] = [];
  let line = '';
  const length = (text: string): number => [...text].length;
  for (const piece of pieces) {
    const words = piece.split(' ').filter((w) => w !== '').flatMap((w) => splitWord(w, max));
    words.forEach((word, i) => {
      const glue = line === '' ? '' : i === 0 ? separator : ' ';
      if (line !== '' && length(line) + length(glue) + length(word) > max) {
        lines.push(i === 0 ? line + separator.trimEnd() : line);
        line = word;
      } else line += glue + word;
    });
  }
  if (line) lines.push(line);
  return lines;
}

function encodeLines(lines: readonly string[]): string {
  return lines.map((line) => mermaidText(line, Number.MAX_SAFE_INTEGER)).join('<br/>');
}

const SHAPES: Record<TopologyNodeKind, [string, string]> = {
  ingress: ['[/"', '"\\]'],
  egress: ['[\\"', '"/]'],
  service: ['["', '"]'],
  external: ['{{"', '"}}'],
  version: ['("', '")'],
  workload: ['[["', '"]]'],
  missing: ['["', '"]'],
  // A plain rectangle rounded by its class: mermaid draws stadiums as 30 KB hand-drawn paths.
  namespace: ['["', '"]'],
};

const KIND_PREFIX: Record<TopologyNodeKind, string> = {
  ingress: 'ingress ', egress: 'egress ', service: '', external: 'external ', version: '', workload: 'pod ', missing: '', namespace: 'namespace ',
};

const CLASS_STYLES: Record<TopologyNodeKind, string> = {
  ingress: 'fill:#1f6feb33,stroke:#1f6feb',
  egress: 'fill:#d2992233,stroke:#d29922',
  service: 'fill:#2ea04326,stroke:#2ea043',
  external: 'fill:#8a63d226,stroke:#8a63d2',
  version: 'fill:#2ea04310,stroke:#57ab5a',
  workload: 'fill:#6e768126,stroke:#6e7681',
  missing: 'fill:#e5140010,stroke:#e51400,stroke-dasharray:4 3',
  namespace: 'fill:#1f6feb1a,stroke:#1f6feb,stroke-width:2px,rx:14px,ry:14px',
};

/** The label of a node: kind and name, then its badges and error count, in short lines. */
export function nodeLabel(node: TopologyNode): string {
  const title = clip(`${KIND_PREFIX[node.kind]}${node.label}${node.count !== undefined ? ` (${node.count})` : ''}`, 80);
  const badges = node.badges.map((b) => clip(b.text, 40));
  if (node.errors.length) badges.push(`⚠ ${node.errors.length} error${node.errors.length > 1 ? 's' : ''}`);
  return encodeLines([...packLines([title], LABEL_LINE_LENGTH, ' '), ...packLines(badges)]);
}

/** The label of an edge: weight, match, badges and error count, in short lines ('' when there is nothing to say). */
export function edgeLabel(edge: TopologyEdge): string {
  const parts: string[] = [];
  if (edge.kind === 'aggregate') parts.push(`${edge.count} route${edge.count === 1 ? '' : 's'}`);
  if (edge.kind === 'mirror') parts.push(`mirror ${edge.weight ?? 100}%`);
  else if (edge.kind === 'route' && edge.weight !== undefined && edge.weight !== 100) parts.push(`${edge.weight}%`);
  if (edge.match && edge.match !== 'all traffic' && edge.kind !== 'mirror') parts.push(...edge.match.split(' · '));
  for (const badge of edge.badges) if (badge.kind !== 'mirror') parts.push(badge.text);
  if (edge.errors.length) parts.push(`${edge.errors.length} error${edge.errors.length > 1 ? 's' : ''}`);
  return encodeLines(packLines(parts.map((p) => clip(p, 48)), EDGE_LINE_LENGTH));
}

/** The mermaid flowchart for a finished view. Ids are the generated node/edge ids. */
export function toMermaid(nodes: TopologyNode[], edges: TopologyEdge[], grouped: boolean): string {
  const lines: string[] = ['flowchart LR'];
  const nodeLine = (node: TopologyNode): string => {
    const [open, close] = SHAPES[node.kind];
    return `${node.id}${open}${nodeLabel(node)}${close}`;
  };
  if (!grouped) {
    for (const node of nodes) lines.push(`  ${nodeLine(node)}`);
  } else {
    const byNamespace = new Map<string, TopologyNode[]>();
    for (const node of nodes) {
      const namespace = node.kind === 'external' ? '' : node.namespace ?? '';
      (byNamespace.get(namespace) ?? byNamespace.set(namespace, []).get(namespace)!).push(node);
    }
    let group = 0;
    for (const [namespace, members] of [...byNamespace].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (namespace === '') {
        for (const node of members) lines.push(`  ${nodeLine(node)}`);
        continue;
      }
      lines.push(`  subgraph ns${group++}["${mermaidText(`namespace ${namespace}`)}"]`);
      for (const node of members) lines.push(`    ${nodeLine(node)}`);
      lines.push('  end');
    }
  }
  const styles: Record<string, number[]> = { error: [], mirror: [], selects: [] };
  edges.forEach((edge, i) => {
    const label = edgeLabel(edge);
    const arrow = edge.kind === 'mirror' || edge.kind === 'selects' ? '-.->' : '-->';
    lines.push(`  ${edge.from} ${edge.id}@${arrow}${label ? `|"${label}"|` : ''} ${edge.to}`);
    if (edge.errors.length) styles.error!.push(i);
    else if (edge.kind === 'mirror') styles.mirror!.push(i);
    else if (edge.kind === 'selects') styles.selects!.push(i);
  });
  for (const kind of Object.keys(SHAPES)) lines.push(`  classDef ${kind} ${CLASS_STYLES[kind as TopologyNodeKind]}`);
  lines.push('  classDef hasError stroke:#e51400,stroke-width:3px');
  const byKind = new Map<string, string[]>();
  for (const node of nodes) (byKind.get(node.kind) ?? byKind.set(node.kind, []).get(node.kind)!).push(node.id);
  for (const [kind, ids] of byKind) lines.push(`  class ${ids.join(',')} ${kind}`);
  const withErrors = nodes.filter((n) => n.errors.length).map((n) => n.id);
  if (withErrors.length) lines.push(`  class ${withErrors.join(',')} hasError`);
  if (styles.error!.length) lines.push(`  linkStyle ${styles.error!.join(',')} stroke:#e51400,stroke-width:2px`);
  if (styles.mirror!.length) lines.push(`  linkStyle ${styles.mirror!.join(',')} stroke:#8a63d2`);
  if (styles.selects!.length) lines.push(`  linkStyle ${styles.selects!.join(',')} stroke:#888888`);
  return lines.join('\n') + '\n';
}
