// Traffic panel webview: one bar per route showing its weighted destinations, a slider per destination that
// proposes new weights (balanced to 100 here and again by the server, applied by the extension as a normal
// undoable edit), and a request-simulator form whose result is shown below.
import { describeSimulationHit, type RouteSplit, type SimulatedRequest, type SimulationResult } from '../../protocol/webview.ts';
import { el, onMessage, post } from './common.ts';

const app = document.getElementById('app')!;
const title = el('h2', { id: 'title' }, 'Traffic split');
const routes = el('div', { id: 'routes', class: 'routes' });
const form = el('form', { id: 'simulate', class: 'simulator' });
const result = el('pre', { id: 'result', class: 'result', role: 'status' });
app.append(title, routes, el('h2', {}, 'Request simulator'), form, result);

const fields: [keyof SimulatedRequest | 'headerText' | 'queryText' | 'labelText', string, string][] = [
  ['host', 'Host', 'reviews.bookinfo.svc.cluster.local'],
  ['path', 'Path', '/'],
  ['method', 'Method', 'GET'],
  ['port', 'Port', ''],
  ['gateway', 'Gateway', 'mesh or ns/name'],
  ['headerText', 'Headers', 'end-user=jason, x-canary=true'],
  ['queryText', 'Query', 'preview=1'],
  ['sourceNamespace', 'Source namespace', 'default'],
  ['labelText', 'Source labels', 'app=productpage'],
  ['protocol', 'Protocol', 'http, grpc, tls or tcp'],
  ['sni', 'SNI', 'TLS server name (implies tls)'],
  ['destinationIp', 'Destination IP', 'for destinationSubnets'],
];
const inputs = new Map<string, HTMLInputElement>();
for (const [name, label, placeholder] of fields) {
  const input = el('input', { type: 'text', name, id: `sim-${name}`, placeholder });
  inputs.set(name, input);
  form.append(el('label', { for: `sim-${name}` }, label), input);
}
form.append(el('button', { type: 'submit', id: 'simulate-run' }, 'Simulate'));

function pairs(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = (name: string) => inputs.get(name)!.value.trim();
  if (!value('host')) {
    result.textContent = 'Enter a host.';
    return;
  }
  const request: SimulatedRequest = { host: value('host') };
  for (const key of ['path', 'method', 'gateway', 'sourceNamespace', 'sni', 'destinationIp'] as const) if (value(key)) request[key] = value(key);
  const protocol = value('protocol').toLowerCase();
  if (protocol === 'http' || protocol === 'grpc' || protocol === 'tls' || protocol === 'tcp') request.protocol = protocol;
  else if (protocol) {
    result.textContent = `Unknown protocol "${protocol}": use http, grpc, tls or tcp.`;
    return;
  }
  const port = Number(value('port'));
  if (value('port') && Number.isInteger(port) && port > 0 && port < 65536) request.port = port;
  const headers = pairs(value('headerText'));
  if (headers) request.headers = headers;
  const query = pairs(value('queryText'));
  if (query) request.query = query;
  const labels = pairs(value('labelText'));
  if (labels) request.sourceLabels = labels;
  post({ type: 'simulate', request });
});

/** Brings weights to 100 keeping `fixed` at its value and scaling the others (integers, largest remainder). */
export function rebalance(weights: number[], fixed: number, value: number): number[] {
  const out = weights.slice();
  out[fixed] = Math.max(0, Math.min(100, Math.round(value)));
  const others = out.map((_, i) => i).filter((i) => i !== fixed);
  const remaining = 100 - out[fixed]!;
  const sum = others.reduce((s, i) => s + out[i]!, 0);
  const shares = others.map((i) => (sum === 0 ? remaining / others.length : (out[i]! * remaining) / sum));
  const floors = shares.map(Math.floor);
  let left = remaining - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, k) => ({ k, rest: s - Math.floor(s) })).sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (const { k } of order) {
    if (left <= 0) break;
    floors[k]!++;
    left--;
  }
  others.forEach((i, k) => (out[i] = floors[k]!));
  if (others.length === 0) out[fixed] = 100;
  return out;
}

const COLORS = 6;

function shortHost(host: string): string {
  return /^([^.]+)\.[^.]+\.svc\.cluster\.local$/.exec(host)?.[1] ?? host;
}

function destinationName(split: RouteSplit, i: number): string {
  const d = split.destinations[i]!;
  const host = shortHost(d.host);
  return `${host}${d.subset ? ` ${d.subset}` : ''}${d.port ? `:${d.port}` : ''}`;
}

function renderSplits(splits: RouteSplit[], heading: string): void {
  title.textContent = heading;
  if (splits.length === 0) {
    routes.replaceChildren(el('p', { class: 'empty' }, 'No VirtualService routes here.'));
    return;
  }
  routes.replaceChildren(...splits.map((split) => {
    const box = el('section', { class: 'route', 'data-route': split.id });
    const name = `${split.virtualService} · ${split.protocol}[${split.routeIndex}]${split.name ? ` ${split.name}` : ''}`;
    const header = el('div', { class: 'route-header' });
    const reveal = el('a', { href: '#', class: 'reveal' }, name);
    reveal.addEventListener('click', (event) => {
      event.preventDefault();
      post({ type: 'reveal', source: { uri: split.source.uri, path: split.source.path } });
    });
    header.append(reveal, el('span', { class: 'match' }, split.match));
    if (split.total !== 100) header.append(el('span', { class: 'warning' }, `total ${split.total}%`));
    const bar = el('div', { class: 'bar', role: 'img', 'aria-label': split.destinations.map((d, i) => `${d.weight}% ${destinationName(split, i)}`).join(', ') });
    split.destinations.forEach((d, i) => {
      const segment = el('div', { class: `segment c${i % COLORS}`, title: `${d.weight}% → ${destinationName(split, i)}` }, d.weight >= 8 ? `${d.weight}% ${destinationName(split, i)}` : '');
      segment.style.width = `${Math.max(0, Math.min(100, d.weight))}%`;
      bar.append(segment);
    });
    box.append(header, bar);
    if (split.destinations.length > 1) {
      const weights = split.destinations.map((d) => d.weight);
      split.destinations.forEach((d, i) => {
        const row = el('div', { class: 'slider-row' });
        const slider = el('input', { type: 'range', min: '0', max: '100', step: '1', value: String(d.weight), 'aria-label': `weight of ${destinationName(split, i)}`, 'data-index': String(i) });
        const label = el('span', { class: 'weight' }, `${d.weight}%`);
        slider.addEventListener('input', () => (label.textContent = `${slider.value}%`));
        slider.addEventListener('change', () => {
          const next = rebalance(weights, i, Number(slider.value));
          post({ type: 'setWeights', routeId: split.id, weights: next });
        });
        row.append(el('span', { class: `swatch c${i % COLORS}` }), el('span', { class: 'dest' }, destinationName(split, i)), slider, label);
        box.append(row);
      });
    }
    if (split.mirror) box.append(el('div', { class: 'mirror' }, `mirror ${split.mirror.percentage}% → ${shortHost(split.mirror.host)}${split.mirror.subset ? ` ${split.mirror.subset}` : ''}`));
    return box;
  }));
}

function renderResult(outcome: SimulationResult): void {
  const lines: string[] = [];
  if (outcome.match) {
    lines.push(`✔ ${describeSimulationHit(outcome)}`);
    if (outcome.parent) lines.push(`  via ${outcome.parent.kind} ${outcome.parent.ref}${outcome.parent.listener ? ` listener ${outcome.parent.listener}` : ''}`);
    for (const d of outcome.destinations ?? []) lines.push(`  ${d.weight}% → ${d.host}${d.subset ? ` subset ${d.subset}` : ''}${d.port ? ` port ${d.port}` : ''}`);
    lines.push('', JSON.stringify(outcome.route ?? outcome.rule, null, 2));
  } else {
    lines.push(`✘ no match: ${outcome.reason ?? ''}`);
  }
  for (const note of outcome.notes ?? []) lines.push(`note: ${note}`);
  for (const hidden of outcome.hidden ?? []) lines.push(`not visible: ${hidden}`);
  result.textContent = lines.join('\n');
  result.className = outcome.match ? 'result ok' : 'result fail';
}

onMessage((message) => {
  if (message.type === 'traffic') renderSplits(message.splits, message.title);
  else if (message.type === 'simulation') renderResult(message.result);
  else if (message.type === 'error') result.textContent = message.message;
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
});
post({ type: 'ready' });
