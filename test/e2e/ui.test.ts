// The user's paths through a real VS Code (code-server + Chromium), with the packaged .vsix installed on a copy
// of the example mesh: Problems panel, hover, subset completion, topology webview, traffic-split CodeLens, apply
// to the test cluster, and apply refused in Restricted Mode. Each scenario saves test-output/e2e/<scenario>.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { Workbench, commandLabel, installedManifest, outputDir, prepareWorkspace, removeFolder, repoRoot, UI_TIMEOUT, type Manifest } from './workbench.ts';

const started = Date.now();
/** Set when the test cluster could not be started; only the apply scenario needs it. */
let clusterError: Error | undefined;
let manifest: Manifest = {};

const COMPLETION_FILE = 'scenarios/subset-completion.yaml';
const COMPLETION_TEXT = `# Completion scenario: the subset is still empty.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-completion
  namespace: bookinfo
spec:
  hosts:
    - reviews-preview.example.com
  http:
    - route:
        - destination:
            host: reviews
            subset: 
`;
const applyNamespace = `meshwright-e2e-${Date.now().toString(36)}`;
const APPLY_FILE = 'scenarios/apply.yaml';
const APPLY_TEXT = `# Apply scenario: a namespace with a Service and its routing.
apiVersion: v1
kind: Namespace
metadata:
  name: ${applyNamespace}
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${applyNamespace}
spec:
  selector:
    app: web
  ports:
    - name: http-web
      port: 8080
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: ${applyNamespace}
spec:
  hosts:
    - web
  http:
    - route:
        - destination:
            host: web
      timeout: 5s
`;

/** Waits for a UI element; on timeout fails with what the user would have missed. */
async function appears(locator: Locator, what: string): Promise<void> {
  try {
    await locator.waitFor({ timeout: UI_TIMEOUT });
  } catch (error) {
    throw new Error(`${what} did not appear within ${UI_TIMEOUT / 1000} s (${(error as Error).message.split('\n')[0]})`);
  }
}

/** 1-based line and column of the first occurrence of `needle` in a workspace file (column after `offset` chars). */
function position(folder: string, file: string, needle: string, offset = 0): { line: number; column: number } {
  const lines = readFileSync(path.join(folder, file), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `${needle} not found in ${file}`);
  return { line: index + 1, column: lines[index]!.indexOf(needle) + offset + 1 };
}

describe('Meshwright in a real VS Code (code-server)', () => {
  let workbench: Workbench;
  let folder: string;

  before(async () => {
    folder = prepareWorkspace('main', {
      'broken-virtualservice.yaml': readFileSync(path.join(repoRoot, 'examples', 'broken', 'vs-unknown-subset.yaml'), 'utf8'),
      [COMPLETION_FILE]: COMPLETION_TEXT,
      [APPLY_FILE]: APPLY_TEXT,
    });
    let kubeconfig: string | undefined;
    try {
      const { testCluster } = await import('../cluster/helpers.ts');
      kubeconfig = (await testCluster()).kubeconfig;
    } catch (error) {
      clusterError = error as Error;
    }
    manifest = await installedManifest();
    workbench = await Workbench.start({ name: 'main', folder, disableWorkspaceTrust: true, env: kubeconfig ? { KUBECONFIG: kubeconfig } : {} });
  });

  after(async () => {
    await workbench?.stop();
    if (folder) removeFolder(folder);
  });

  test('problems: a broken VirtualService shows IST0101 in the Problems panel', async () => {
    await workbench.openFile('broken-virtualservice.yaml');
    await workbench.runCommand('Focus on Problems View');
    const row = workbench.page.locator('.markers-panel .monaco-list-row', { hasText: 'IST0101' }).filter({ hasText: /v2/ }).first();
    try {
      await appears(row, 'an IST0101 row in the Problems panel');
    } finally {
      await workbench.screenshot('problems');
    }
  });

  test('hover: a field shows its documentation', async () => {
    const at = position(folder, 'bookinfo/routing.yaml', 'timeout:', 2);
    await workbench.openFile('bookinfo/routing.yaml');
    await workbench.goTo(at.line, at.column);
    await workbench.runCommand('Show or Focus Hover');
    const hover = workbench.page.locator('.monaco-hover .monaco-hover-content', { hasText: /timeout/i }).first();
    try {
      await appears(hover, 'a hover with the documentation of `timeout`');
    } finally {
      await workbench.screenshot('hover');
    }
    const text = await hover.innerText();
    assert.ok(text.length > 40, `hover should explain the field, got: ${text}`);
  });

  test('completion: subsets of the destination’s DestinationRule are offered', async () => {
    await workbench.openFile(COMPLETION_FILE);
    const at = position(folder, COMPLETION_FILE, 'subset: ', 'subset: '.length);
    await workbench.goTo(at.line, at.column);
    await workbench.runCommand('Trigger Suggest');
    const widget = workbench.page.locator('.editor-widget.suggest-widget');
    const rows = widget.locator('.monaco-list-row');
    try {
      for (const subset of ['v1', 'v2', 'v3']) {
        const label = workbench.page.locator('.label-name', { hasText: new RegExp(`^${subset}$`) });
        await appears(rows.filter({ has: label }).first(), `the completion item "${subset}"`);
      }
    } finally {
      await workbench.screenshot('completion');
    }
    const labels = await rows.locator('.label-name').allInnerTexts();
    assert.ok(!labels.includes('v4'), `only defined subsets are offered: ${labels.join(', ')}`);
    await workbench.page.keyboard.press('Escape');
  });

  test('topology: "Show Mesh Topology" renders the diagram in a webview', async () => {
    await workbench.openFile('bookinfo/routing.yaml');
    await workbench.page.keyboard.press('Control+j'); // hide the panel: more room for the diagram
    await workbench.page.locator('.part.panel').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await workbench.runCommand(commandLabel(manifest, 'meshwright.showTopology'));
    const diagram = workbench.webview().locator('svg g.node, svg .node').first();
    try {
      // The command may first ask for the scope: pick the whole workspace.
      const scope = workbench.page.locator('.quick-input-widget .monaco-list-row', {
        has: workbench.page.locator('.label-name', { hasText: /^Workspace$/ }),
      });
      await scope.or(workbench.page.locator('iframe.webview')).first().waitFor({ timeout: UI_TIMEOUT });
      if (await scope.isVisible()) await scope.click();
      await appears(diagram, 'a rendered diagram (svg nodes) in the topology webview');
      await appears(workbench.webview().locator('svg', { hasText: 'reviews' }).first(), 'the reviews service in the diagram');
      // The diagram is fitted into the panel: no label is cut off at its edges.
      const clipped = await workbench.webview().locator('#diagram svg text').evaluateAll((texts) => {
        const panel = document.getElementById('diagram')!.getBoundingClientRect();
        return texts.filter((text) => {
          const box = text.getBoundingClientRect();
          return box.width > 0 && (box.left < panel.left - 1 || box.right > panel.right + 1 || box.top < panel.top - 1 || box.bottom > panel.bottom + 1);
        }).map((text) => text.textContent);
      });
      assert.deepEqual(clipped, [], 'labels cut off by the panel');
    } finally {
      await workbench.screenshot('topology');
    }
  });

  test('codelens: the traffic split of a VirtualService is shown above it', async () => {
    await workbench.openFile('bookinfo/routing.yaml');
    const lens = workbench.page.locator('.codelens-decoration', { hasText: /80\s*%.*reviews v1.*20\s*%.*reviews v3/ }).first();
    try {
      await appears(lens, 'a traffic-split CodeLens (e.g. "80% → reviews v1") above the reviews routes');
    } finally {
      await workbench.screenshot('codelens');
    }
    assert.match(await lens.innerText(), /mirror 10\s*%/, 'the mirrored share is part of the lens');
  });

  test('apply: the open file is applied to the test cluster', async () => {
    if (clusterError) throw new Error(`the test cluster did not start: ${clusterError.message}`);
    await workbench.openFile(APPLY_FILE);
    await workbench.runCommand(commandLabel(manifest, 'meshwright.apply'));
    let result;
    try {
      result = await workbench.notification(/^Meshwright: (?!Applying)/m);
    } finally {
      await workbench.screenshot('apply');
    }
    assert.equal(result.severity, 'info', `apply reported: ${result.text}`);
    const { testCluster, adminGet } = await import('../cluster/helpers.ts');
    const cluster = await testCluster();
    assert.ok(await adminGet(cluster, `/api/v1/namespaces/${applyNamespace}`), 'the namespace exists in the cluster');
    assert.ok(await adminGet(cluster, `/apis/networking.istio.io/v1/namespaces/${applyNamespace}/virtualservices/web`), 'the VirtualService exists in the cluster');
  });
});

describe('Restricted Mode (Workspace Trust enabled, folder not trusted)', () => {
  let workbench: Workbench;
  let folder: string;

  before(async () => {
    folder = prepareWorkspace('untrusted', { [APPLY_FILE]: APPLY_TEXT });
    manifest = await installedManifest();
    workbench = await Workbench.start({ name: 'untrusted', folder, disableWorkspaceTrust: false });
  });

  after(async () => {
    await workbench?.stop();
    if (folder) removeFolder(folder);
  });

  test('restricted: apply is refused in an untrusted workspace', async () => {
    const page = workbench.page;
    let row;
    try {
      const dontTrust = page.getByRole('button', { name: /No, I don.t trust the authors/i });
      await dontTrust.waitFor({ timeout: UI_TIMEOUT });
      await dontTrust.click();
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: UI_TIMEOUT });
      await workbench.openFile(APPLY_FILE);
      row = await workbench.findCommand(commandLabel(manifest, 'meshwright.apply'));
    } finally {
      await workbench.screenshot('restricted');
    }
    if (!row) {
      // Refused before it can run: the command is disabled (hidden from the palette) in Restricted Mode.
      await workbench.closeQuickInput();
      return;
    }
    await row.click();
    let result;
    try {
      result = await workbench.notification(/untrusted workspace/i);
    } finally {
      await workbench.screenshot('restricted');
    }
    assert.equal(result.severity, 'error', `refusal shown as an error: ${result.text}`);
  });
});

after(() => {
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(path.join(outputDir, 'duration.txt'), `e2e total: ${seconds} s\n`);
  console.log(`e2e total duration: ${seconds} s`);
});
