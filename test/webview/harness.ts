// Test harness for the webview bundles: serves media/ under a fake webview origin, builds the page with the
// same CSP template the extension uses, stubs acquireVsCodeApi to record posted messages, and tracks every
// network request and CSP violation. Headless Debian Chromium through playwright-core.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createNonce, renderWebviewHtml } from '../../client/src/webview/htmlTemplate.ts';
import type { ToWebview } from '../../protocol/webview.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ORIGIN = 'https://webview.meshwright.test';
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'webview');
export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM) && existsSync(path.join(ROOT, 'media', 'dist', 'topology.js'));
}

export interface WebviewPage {
  page: Page;
  nonce: string;
  /** Every URL the page requested. */
  requests: string[];
  /** Messages the webview posted through the stubbed VS Code API. */
  posted(): Promise<unknown[]>;
  send(message: ToWebview): Promise<void>;
  violations(): Promise<string[]>;
}

export class WebviewBrowser {
  private context: BrowserContext | undefined;
  private profile = '';

  async start(): Promise<void> {
    this.profile = mkdtempSync(path.join(os.tmpdir(), 'meshwright-chromium-'));
    // A fresh profile directory per run (playwright's persistent context is how it takes --user-data-dir).
    this.context = await chromium.launchPersistentContext(this.profile, {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1400, height: 900 },
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }

  async stop(): Promise<void> {
    await this.context?.close();
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }

  /** Opens a webview page (`topology` or `traffic`); `extraHead` injects test markup into the served HTML. */
  async open(pageName: 'topology' | 'traffic', options: { extraBody?: string; theme?: 'light' | 'dark' } = {}): Promise<WebviewPage> {
    const page = await this.context!.newPage();
    const nonce = createNonce();
    const requests: string[] = [];
    let html = renderWebviewHtml({
      cspSource: ORIGIN,
      nonce,
      scriptUri: `${ORIGIN}/media/dist/${pageName}.js`,
      styleUris: [`${ORIGIN}/media/webview.css`],
      title: pageName,
      page: pageName,
    });
    const themeClass = options.theme === 'dark' ? 'vscode-dark' : 'vscode-light';
    // VS Code injects its theme variables into every webview; we do the same with a nonce'd style element.
    html = html.replace(`<body data-page="${pageName}">`, `<body data-page="${pageName}" class="${themeClass}">`);
    html = html.replace('</head>', `<style nonce="${nonce}">body{${options.theme === 'dark' ? DARK_VARS : LIGHT_VARS}}</style>\n</head>`);
    if (options.extraBody) html = html.replace('</body>', `${options.extraBody}\n</body>`);
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      requests.push(url);
      if (url === `${ORIGIN}/index.html`) return route.fulfill({ status: 200, contentType: 'text/html', body: html });
      if (url.startsWith(`${ORIGIN}/media/`)) {
        const file = path.join(ROOT, 'media', decodeURIComponent(new URL(url).pathname.slice('/media/'.length)));
        if (file.startsWith(path.join(ROOT, 'media')) && existsSync(file)) {
          return route.fulfill({ status: 200, contentType: file.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(file) });
        }
      }
      return route.abort();
    });
    await page.addInitScript(() => {
      const posted: unknown[] = [];
      const violations: string[] = [];
      (window as unknown as Record<string, unknown>).__posted = posted;
      (window as unknown as Record<string, unknown>).__violations = violations;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
      (window as unknown as Record<string, unknown>).acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => posted.push(JSON.parse(JSON.stringify(message))),
        getState: () => undefined,
        setState: () => undefined,
      });
    });
    await page.goto(`${ORIGIN}/index.html`);
    return {
      page,
      nonce,
      requests,
      posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted.slice()),
      send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>),
      violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice()),
    };
  }
}

/** Waits until the webview has rendered `count` times (the bundles count renders in body[data-rendered]). */
export async function waitForRender(page: Page, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.dataset.rendered ?? '0') >= n, count, { timeout });
}

const LIGHT_VARS = '--vscode-foreground:#333333;--vscode-editor-background:#ffffff;--vscode-font-family:DejaVu Sans,sans-serif;--vscode-button-background:#0e639c;--vscode-button-foreground:#ffffff;--vscode-panel-border:#dddddd;--vscode-descriptionForeground:#717171';
const DARK_VARS = '--vscode-foreground:#cccccc;--vscode-editor-background:#1e1e1e;--vscode-font-family:DejaVu Sans,sans-serif;--vscode-button-background:#0e639c;--vscode-button-foreground:#ffffff;--vscode-panel-border:#444444;--vscode-descriptionForeground:#9d9d9d;--vscode-input-background:#3c3c3c;--vscode-input-foreground:#cccccc;--vscode-sideBar-background:#252526;--vscode-textCodeBlock-background:#2b2b2b;--vscode-textLink-foreground:#3794ff';

/** The example mesh (examples/bookinfo) when present, else our fixture mesh. */
export function exampleMeshFiles(): string[] {
  const dir = path.join(ROOT, 'examples', 'bookinfo');
  if (existsSync(dir)) return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
  return [path.join(ROOT, 'test', 'fixtures', 'topology', 'bookinfo.yaml')];
}
