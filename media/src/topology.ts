// Topology webview: renders the server's mermaid text with mermaid (securityLevel strict, our own edge and
// size caps, SVG text labels only), sanitises the SVG before inserting it, maps clicks on nodes and edges to
// `reveal` messages, and offers focus / filter / collapse controls and SVG or mermaid export.
import mermaid from 'mermaid';
import type { SourceLocation, TopologyModel, TopologyScope } from '../../protocol/webview.ts';
import { el, onMessage, post, sanitizeSvg, themeColor } from './common.ts';

const MAX_EDGES = 1000;
const MAX_TEXT_SIZE = 200_000;

let model: TopologyModel | undefined;
let scope: TopologyScope = {};
let renderCount = 0;

function initializeMermaid(): void {
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    maxEdges: MAX_EDGES,
    maxTextSize: MAX_TEXT_SIZE,
    htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: true, curve: 'basis' },
    look: 'classic',
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
const applyButton = el('button', { id: 'apply' }, 'Show');
const svgButton = el('button', { id: 'export-svg' }, 'Export SVG');
const mermaidButton = el('button', { id: 'export-mermaid' }, 'Export mermaid');
toolbar.append(focusInput, hopsInput, filterInput, collapseBox, collapseLabel, applyButton, svgButton, mermaidButton);
const status = el('div', { class: 'status', id: 'status', role: 'status' });
const diagram = el('div', { class: 'diagram', id: 'diagram' });
const legend = el('div', { class: 'legend' });
for (const [kind, text] of [['ingress', 'gateway'], ['service', 'service'], ['version', 'version'], ['workload', 'workload'], ['external', 'external'], ['missing', 'missing']]) {
  legend.append(el('span', { class: `chip ${kind}` }, text!));
}
app.append(toolbar, status, diagram, legend);

applyButton.addEventListener('click', () => {
  const next: TopologyScope = {};
  if (focusInput.value.trim()) next.focus = { service: focusInput.value.trim(), hops: Math.max(0, Math.min(10, Number(hopsInput.value) || 0)) };
  if (filterInput.value.trim()) next.filter = filterInput.value.trim();
  if (collapseBox.checked) next.collapseNamespaces = true;
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
  const summary = `${next.nodes.length} nodes · ${next.edges.length} edges${next.aggregated ? ' · collapsed by namespace' : ''}`;
  status.textContent = next.note ? `${summary} — ${next.note}` : summary;
  if (next.nodes.length === 0) {
    diagram.replaceChildren(el('p', { class: 'empty' }, 'No mesh resources in this scope.'));
    document.body.dataset.rendered = String(++renderCount);
    return;
  }
  const started = performance.now();
  try {
    const { svg } = await mermaid.render(`topology-${renderCount}`, next.mermaid);
    const clean = sanitizeSvg(svg);
    if (!clean) throw new Error('the diagram could not be read');
    // Keep mermaid's id: its <style> rules are scoped to it.
    clean.classList.add('topology');
    diagram.replaceChildren(clean);
    fitToWidth(clean);
    for (const node of clean.querySelectorAll('g.node')) node.setAttribute('tabindex', '0');
  } catch (error) {
    diagram.replaceChildren(el('p', { class: 'error' }, `Could not draw the topology: ${(error as Error).message}`));
  }
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
  document.body.dataset.rendered = String(++renderCount);
}

/** Scales the diagram to the panel width, but never below 70% of its natural size (then it scrolls). */
function fitToWidth(svg: SVGSVGElement): void {
  const natural = svg.viewBox.baseVal?.width ?? 0;
  const available = diagram.clientWidth - 2;
  if (!natural || !available) return;
  const scale = Math.min(1, Math.max(available / natural, 0.7));
  svg.style.maxWidth = 'none';
  svg.style.width = `${Math.round(natural * scale)}px`;
  svg.style.height = 'auto';
}

initializeMermaid();
// Warm mermaid up (parser, layout, text measuring) while the server computes the first model.
const warmUp = mermaid.render('topology-warmup', 'flowchart LR\n  a["warm"] --> b("up")').then(
  () => undefined,
  () => undefined,
);
onMessage(async (message) => {
  if (message.type === 'topology') {
    await warmUp;
    await render(message.model, message.scope);
  }
  else if (message.type === 'exportRequest') exportAs(message.format);
  else if (message.type === 'error') status.textContent = message.message;
});
post({ type: 'ready' });
