// The webview message validator and the CSP template: only the allowed message shapes pass, fuzzed input never
// throws, and every generated page has exactly one strict CSP with a fresh 128-bit nonce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateFromWebview, MAX_WEBVIEW_MESSAGE_SIZE } from '../../protocol/webview.ts';
import { contentSecurityPolicy, createNonce, renderWebviewHtml } from '../../client/src/webview/htmlTemplate.ts';

test('allowed webview messages pass validation', () => {
  assert.deepEqual(validateFromWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(validateFromWebview({ type: 'reveal', source: { uri: 'file:///a.yaml', path: ['spec', 'http', 0] } }), { type: 'reveal', source: { uri: 'file:///a.yaml', path: ['spec', 'http', 0] } });
  assert.deepEqual(validateFromWebview({ type: 'setWeights', routeId: 'x#a/b/http[0]', weights: [75, 25] }), { type: 'setWeights', routeId: 'x#a/b/http[0]', weights: [75, 25] });
  assert.ok(validateFromWebview({ type: 'simulate', request: { host: 'reviews', port: 80, headers: { a: 'b' } } }));
  assert.deepEqual(validateFromWebview({ type: 'simulate', request: { host: 'db', protocol: 'tls', sni: 'db', destinationIp: '10.0.0.7', extra: 1 } }), { type: 'simulate', request: { host: 'db', protocol: 'tls', sni: 'db', destinationIp: '10.0.0.7' } });
  assert.ok(validateFromWebview({ type: 'scope', scope: { focus: { service: 'reviews', hops: 2 }, filter: 'x' } }));
  assert.deepEqual(validateFromWebview({ type: 'scope', scope: { collapseVersions: true } }), { type: 'scope', scope: { collapseVersions: true } });
  assert.ok(validateFromWebview({ type: 'export', format: 'svg', content: '<svg/>' }));
});

test('anything else is refused: commands, apply, bad shapes, oversize', () => {
  for (const message of [
    null, 'ready', [], { type: 'apply' }, { type: 'executeCommand', command: 'workbench.action.terminal.new' }, { type: 'command' },
    { type: 'reveal', source: { uri: 1, path: [] } }, { type: 'reveal', source: { uri: 'a', path: [{}] } },
    { type: 'setWeights', routeId: 'r', weights: [101] }, { type: 'setWeights', routeId: 'r', weights: [1.5] }, { type: 'setWeights', routeId: 'r', weights: [] },
    { type: 'simulate', request: { host: 'a', port: 'x' } }, { type: 'simulate', request: { host: 'a', protocol: 'udp' } }, { type: 'simulate', request: { host: 'a', sni: 7 } }, { type: 'simulate', request: { host: 'a', headers: { a: 1 } } },
    { type: 'scope', scope: { focus: { service: 'a', hops: 99 } } }, { type: 'scope', scope: { collapseVersions: 'yes' } }, { type: 'export', format: 'html', content: '' },
    { type: 'simulate', request: { host: 'a', path: 'x'.repeat(MAX_WEBVIEW_MESSAGE_SIZE) } },
  ]) {
    assert.equal(validateFromWebview(message), undefined, JSON.stringify(message)?.slice(0, 80));
  }
});

test('10,000 fuzzed messages never throw and only produce allowed types', () => {
  const allowed = new Set(['ready', 'reveal', 'setWeights', 'simulate', 'scope', 'export']);
  fc.assert(fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom('ready', 'reveal', 'setWeights', 'simulate', 'scope', 'export', 'apply'), source: fc.anything(), weights: fc.anything(), request: fc.anything(), scope: fc.anything(), routeId: fc.anything(), format: fc.anything(), content: fc.anything() })), (message) => {
    const result = validateFromWebview(message);
    if (result) assert.ok(allowed.has(result.type));
  }), { numRuns: 10_000 });
});

test('generated HTML has one strict CSP first in head and a fresh nonce per load', () => {
  const nonces = new Set(Array.from({ length: 1000 }, () => createNonce()));
  assert.equal(nonces.size, 1000);
  const nonce = createNonce();
  assert.ok(Buffer.from(nonce, 'base64url').length >= 16, 'at least 128 bits');
  const html = renderWebviewHtml({ cspSource: 'https://x.vscode-cdn.net', nonce, scriptUri: 'https://x.vscode-cdn.net/media/dist/topology.js', styleUris: ['https://x.vscode-cdn.net/media/webview.css'], title: 'T<script>', page: 'topology' });
  const head = html.slice(html.indexOf('<head>') + 6, html.indexOf('</head>')).trim();
  assert.match(head, /^<meta http-equiv="Content-Security-Policy"/);
  assert.equal(html.match(/Content-Security-Policy/g)!.length, 1);
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], [`'nonce-${nonce}'`]);
  for (const name of ['connect-src', 'frame-src', 'object-src', 'form-action', 'base-uri']) assert.deepEqual(directives[name], ["'none'"], name);
  assert.deepEqual(directives['img-src'], ['https://x.vscode-cdn.net', 'data:']);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !/\s\*(\s|;|$)/.test(csp) && !csp.includes('http:'));
  assert.ok(!html.includes('T<script>'), 'title is escaped');
  assert.equal(html.match(/<script/g)!.length, 1);
  assert.match(html, new RegExp(`<script nonce="${nonce}" src=`));
});

test('webview message handlers cannot reach commands, cluster access or processes (static check)', async () => {
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const root = path.resolve(import.meta.dirname, '..', '..');
  for (const file of ['client/src/webview/topologyPanel.ts', 'client/src/webview/trafficPanel.ts', 'client/src/webview/reveal.ts', 'client/src/webview/html.ts']) {
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const forbidden of ['executeCommand', '/kube/', 'child_process', 'runApply', 'enableCommandUris: true', 'enableForms: true']) {
      assert.ok(!source.includes(forbidden), `${file} mentions ${forbidden}`);
    }
  }
  const html = readFileSync(path.join(root, 'client/src/webview/html.ts'), 'utf8');
  assert.match(html, /localResourceRoots: \[vscode\.Uri\.joinPath\(extensionUri, 'media'\)\]/);
  assert.match(html, /enableCommandUris: false/);
  assert.match(html, /enableForms: false/);
});
