// Topology webview: renders the server's mermaid text with mermaid (securityLevel strict, dagre layout, our
// own edge and size caps, SVG text labels only), sanitises the SVG before inserting it, fits it to the panel
// with pan and zoom, maps clicks on nodes and edges to `reveal` messages, and offers focus / filter / collapse
// controls and SVG or mermaid export. Each render records its phases (body[data-render-phases]) for the bench.
import mermaid from 'mermaid';
import type { SourceLocation, TopologyModel, TopologyScope } from '../../protocol/webview.ts';
import { el, onMessage, post, sanitizeSvg, themeColor } from './common.ts';
import { PanZoom } from './panZoom.ts';
import { drawWithMermaid, scratchContainer } from './mermaidDrawing.ts';

const MAX_EDGES = 1000;
const MAX_TEXT_SIZE = 200_000;

let model: TopologyModel | undefined;
let scope: TopologyScope = {};
let renderCount = 0;
/** The structure and labels of the diagram on screen (for refreshing labels in place). */
let shown: DiagramText | undefined;

/** A diagram's mermaid text split into its structure (the text without node and edge labels) and those labels. */
interface DiagramText {
  readonly structure: string;
  /** Decoded label lines by node id (`n3`) or edge id (`e7`). */
  readonly labels: ReadonlyMap<string, readonly string[]>;
}

// The server writes one node or edge per line, labels in double quotes with every other character as a
// mermaid entity code (#34; for a quote), lines joined with <br/>. See server/src/ide/topologyMermaid.ts.
const NODE_LINE = /^(\s*(n\d+)[^\s"]*")([^"]*)(".*)$/;
const EDGE_LINE = /^(\s*n\d+ (e\d+)@[^|"]*\|")([^"]*)("\|.*)$/;

function splitDiagram(text: string): DiagramText {
  const labels = new Map<string, string[]>();
  const structure = text.split('\n').map((line) => {
    const match = EDGE_LINE.exec(line) ?? NODE_LINE.exec(line);
    if (!match) return line;
    labels.set(match[2]!, match[3]!.split('<br/>').map((part) => part.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))));
    return `${match[1]}${match[4]}`;
  });
  return { structure: structure.join('\n'), labels };
}

/**
 * After an edit that only changed label text (weights, timeouts, badges) of the same graph, the labels on
 * screen are rewritten instead of laying the diagram out again (mermaid takes hundreds of milliseconds for
 * that). Refuses (false, nothing changed) when a label gains or loses lines or grows noticeably, so boxes
 * always fit their text. Text is set with textContent: never parsed as markup.
 */
function refreshLabels(svg: SVGSVGElement, before: DiagramText, after: DiagramText): boolean {
  const words = (lines: readonly string[]) => lines.join(' ').split(/\s+/).filter(Boolean);
  const updates: { row: Element; text: string }[] = [];
  for (const [id, lines] of after.labels) {
    const old = before.labels.get(id);
    if (!old || old.join('\n') === lines.join('\n')) continue;
    if (old.length !== lines.length) return false;
    const oldWords = words(old);
    const newWords = words(lines);
    if (newWords.length !== oldWords.length || newWords.some((word, i) => word.length > oldWords[i]!.length + 2)) return false;
    const container = id.startsWith('e') ? svg.querySelector(`g.edgeLabel g.label[data-id="${id}"]`) : svg.querySelector(`g.node[id$="-flowchart-${id}-0"] g.label`);
    const rows = container ? [...container.querySelectorAll('tspan.text-outer-tspan')] : [];
    // Mermaid may have wrapped our lines further: keep its rows, each with as many words as before.
    const rowWords = rows.map((row) => (row.textContent ?? '').split(/\s+/).filter(Boolean));
    if (rows.length === 0 || rowWords.flat().join(' ') !== oldWords.join(' ')) return false;
    let next = 0;
    rows.forEach((row, i) => {
      updates.push({ row, text: newWords.slice(next, next + rowWords[i]!.length).join(' ') });
      next += rowWords[i]!.length;
    });
  }
  for (const { row, text } of updates) row.textContent = text;
  return true;
}

function initializeMermaid(): void {
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    maxEdges: MAX_EDGES,
    maxTextSize: MAX_TEXT_SIZE,
    htmlLabels: false,
    // The server breaks labels into short lines itself; a wide wrapping width keeps mermaid from measuring and
    // re-wrapping every label word by word (its default of 120 px costs more than the layout).
    flowchart: { htmlLabels: false, useMaxWidth: true, curve: 'basis', wrappingWidth: 480, nodeSpacing: 30, rankSpacing: 40 },
    look: 'classic',
    // Mermaid 12 defaults to ELK, which is 3-4x slower than dagre on our diagrams (see docs/performance.md).
    layout: 'dagre',
    theme: dark ? 'dark' : 'default',
    themeVariables: {
      fontFamily: themeColor('--vscode-font-family', 'sans-serif'),
      primaryTextColor: themeColor('--vscode-foreground', dark ? '#cccccc' : '#333333'),
      lineColor: themeColor('--vscode-editorWidget-foreground', dark ? '#aaaaaa' : '#555555'),
    },
  });
  // Read back what mermaid will actually use (tests assert it).
  const config = mermaid.mermaidAPI.getConfig();
  document.body.dataset.securityLevel = String(config.securityLevel);
  document.body.dataset.maxEdges = String(config.maxEdges);
}

const app = document.getElementById('app')!;
const toolbar = el('div', { class: 'toolbar', role: 'toolbar' });
const focusInput = el('input', { type: 'text', placeholder: 'focus on service', 'aria-label': 'Focus on service', id: 'focus' });
const hopsInput = el('input', { type: 'number', min: '0', max: '10', value: '1', 'aria-label': 'Hops', id: 'hops' });
const filterInput = el('input', { type: 'text', placeholder: 'filter by name', 'aria-label': 'Filter', id: 'filter' });
const collapseBox = el('input', { type: 'checkbox', id: 'collapse' });
const collapseLabel = el('label', { for: 'collapse' }, 'by namespace');
const foldBox = el('input', { type: 'checkbox', id: 'fold-versions' });
const foldLabel = el('label', { for: 'fold-versions' }, 'services only');
const applyButton = el('button', { id: 'apply' }, 'Show');
const svgButton = el('button', { id: 'export-svg' }, 'Export SVG');
const mermaidButton = el('button', { id: 'export-mermaid' }, 'Export mermaid');
const fitButton = el('button', { id: 'zoom-fit', title: 'Fit the whole diagram (0)' }, 'Fit');
const zoomOutButton = el('button', { id: 'zoom-out', title: 'Zoom out (-)', 'aria-label': 'Zoom out' }, '−');
const zoomInButton = el('button', { id: 'zoom-in', title: 'Zoom in (+)', 'aria-label': 'Zoom in' }, '+');
const actualSizeButton = el('button', { id: 'zoom-reset', title: 'Natural size (1)' }, '100%');
const zoomLevel = el('span', { class: 'zoom-level', id: 'zoom-level' }, '');
const zoomGroup = el('span', { class: 'zoom', role: 'group', 'aria-label': 'Zoom' });
zoomGroup.append(fitButton, zoomOutButton, zoomInButton, actualSizeButton, zoomLevel);
toolbar.append(focusInput, hopsInput, filterInput, collapseBox, collapseLabel, foldBox, foldLabel, applyButton, svgButton, mermaidButton, zoomGroup);
const status = el('div', { class: 'status', id: 'status', role: 'status' });
const diagram = el('div', { class: 'diagram', id: 'diagram' });
const legend = el('div', { class: 'legend' });
for (const [kind, text] of [['ingress', 'gateway'], ['service', 'service'], ['version', 'version'], ['workload', 'workload'], ['external', 'external'], ['missing', 'missing']]) {
  legend.append(el('span', { class: `chip ${kind}` }, text!));
}
app.classList.add('topology-app');
app.append(toolbar, status, diagram, legend);
const panZoom = new PanZoom(diagram);
panZoom.onChange = (scale) => (zoomLevel.textContent = `${Math.round(scale * 100)}%`);
fitButton.addEventListener('click', () => panZoom.fit());
zoomInButton.addEventListener('click', () => panZoom.zoom(1.25));
zoomOutButton.addEventListener('click', () => panZoom.zoom(0.8));
actualSizeButton.addEventListener('click', () => panZoom.actualSize());
diagram.setAttribute('tabindex', '0');
diagram.addEventListener('keydown', (event) => {
  if (event.target !== diagram) return;
  if (event.key === '+' || event.key === '=') panZoom.zoom(1.25);
  else if (event.key === '-') panZoom.zoom(0.8);
  else if (event.key === '0') panZoom.fit();
  else if (event.key === '1') panZoom.actualSize();
});

applyButton.addEventListener('click', () => {
  const next: TopologyScope = {};
  if (focusInput.value.trim()) next.focus = { service: focusInput.value.trim(), hops: Math.max(0, Math.min(10, Number(hopsInput.value) || 0)) };
  if (filterInput.value.trim()) next.filter = filterInput.value.trim();
  if (collapseBox.checked) next.collapseNamespaces = true;
  if (foldBox.checked) next.collapseVersions = true;
  post({ type: 'scope', scope: next });
});
svgButton.addEventListener('click', () => exportAs('svg'));
mermaidButton.addEventListener('click', () => exportAs('mermaid'));

function exportAs(format: 'svg' | 'mermaid'): void {
  if (!model) return;
  const svg = diagram.querySelector('svg');
  const content = format === 'mermaid' ? model.mermaid : svg ? new XMLSerializer().serializeToString(svg) : '';
  post({ type: 'export', format, content });
}

/** Click on a node or an edge (path or label) → reveal its YAML. */
diagram.addEventListener('click', (event) => {
  if (panZoom.suppressClick) return; // the end of a drag
  const target = event.target as Element | null;
  const source = sourceFor(target);
  if (source) post({ type: 'reveal', source });
});

function sourceFor(target: Element | null): SourceLocation | undefined {
  if (!target || !model) return undefined;
  const node = target.closest('g.node');
  if (node) {
    const match = /flowchart-(n\d+)-\d+$/.exec(node.id);
    const found = match ? model.nodes.find((n) => n.id === match[1]) : undefined;
    return found?.source;
  }
  const edge = target.closest('[data-id]');
  const id = edge?.getAttribute('data-id') ?? '';
  if (/^e\d+$/.test(id)) return model.edges.find((e) => e.id === id)?.source;
  return undefined;
}

async function render(next: TopologyModel, nextScope: TopologyScope): Promise<void> {
  model = next;
  scope = nextScope;
  focusInput.value = scope.focus?.service ?? '';
  if (scope.focus) hopsInput.value = String(scope.focus.hops);
  filterInput.value = scope.filter ?? '';
  collapseBox.checked = scope.collapseNamespaces === true;
  foldBox.checked = scope.collapseVersions === true;
  const level = next.level ?? (next.aggregated ? 'namespaces' : 'detailed');
  const levelText = level === 'namespaces' ? ' · collapsed by namespace' : level === 'services' ? ' · versions folded into services' : '';
  const summary = `${next.nodes.length} nodes · ${next.edges.length} edges${levelText}`;
  document.body.dataset.level = level;
  status.textContent = next.note ? `${summary} — ${next.note}` : summary;
  if (next.nodes.length === 0) {
    shown = undefined;
    diagram.replaceChildren(el('p', { class: 'empty' }, 'No mesh resources in this scope.'));
    document.body.dataset.rendered = String(++renderCount);
    return;
  }
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const lap = (name: string): void => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const text = splitDiagram(next.mermaid);
  const onScreen = diagram.querySelector<SVGSVGElement>('svg.topology');
  if (shown && onScreen && text.structure === shown.structure && refreshLabels(onScreen, shown, text)) {
    shown = text;
    lap('labels');
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    lap('paint');
    document.body.dataset.refresh = 'labels';
    document.body.dataset.renderMs = String(Math.round(performance.now() - started));
    document.body.dataset.renderPhases = JSON.stringify(phases);
    document.body.dataset.rendered = String(++renderCount);
    return;
  }
  try {
    await warmUp;
    lap('warmup');
    const { svg } = await drawWithMermaid(() => mermaid.render(`topology-${renderCount}`, next.mermaid, scratchContainer()));
    lap('mermaid');
    const clean = sanitizeSvg(svg);
    lap('sanitize');
    if (!clean) throw new Error('the diagram could not be read');
    // Keep mermaid's id: its <style> rules are scoped to it.
    clean.classList.add('topology');
    for (const node of clean.querySelectorAll('g.node')) node.setAttribute('tabindex', '0');
    panZoom.attach(clean);
    diagram.replaceChildren(clean);
    shown = text;
    document.body.dataset.refresh = 'layout';
    lap('insert');
    // Until the next frame has been laid out and painted: what the user waits for.
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    lap('paint');
  } catch (error) {
    shown = undefined;
    diagram.replaceChildren(el('p', { class: 'error' }, `Could not draw the topology: ${(error as Error).message}`));
  }
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
  document.body.dataset.renderPhases = JSON.stringify(phases);
  document.body.dataset.rendered = String(++renderCount);
}

initializeMermaid();
// Warm mermaid up (parser, layout, text measuring) while the server computes the first model.
// The text uses the shapes, labels, groups and styles of real diagrams, so their code paths are compiled too.
const WARM_UP_TEXT = [
  'flowchart LR',
  '  subgraph g0["namespace warm"]',
  '    a[/"ingress a"\\] ',
  '    b["b<br/>timeout 1s #183; retries 2"]',
  '    c("b v1")',
  '    d[["pod b-v1"]]',
  '  end',
  '  e{{"external e"}}',
  '  a e0@-->|"uri prefix /x"| b',
  '  b e1@-->|"90%"| c',
  '  c e2@-.-> d',
  '  b e3@--> e',
  '  classDef service fill:#2ea04326,stroke:#2ea043',
  '  class b service',
  '  linkStyle 2 stroke:#888888',
].join('\n');
const warmUp = drawWithMermaid(() => mermaid.render('topology-warmup', WARM_UP_TEXT, scratchContainer())).then(
  () => void (document.body.dataset.warmUp = 'ok'),
  () => void (document.body.dataset.warmUp = 'failed'),
);
onMessage(async (message) => {
  if (message.type === 'topology') {
    await render(message.model, message.scope);
  }
  else if (message.type === 'exportRequest') exportAs(message.format);
  else if (message.type === 'error') status.textContent = message.message;
});
post({ type: 'ready' });
