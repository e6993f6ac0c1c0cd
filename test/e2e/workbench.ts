// End-to-end harness: a real VS Code (code-server) with the packaged Meshwright .vsix installed into a fresh,
// private profile, serving a copy of a workspace on a random loopback port, driven by playwright-core in
// Debian's Chromium. Every wait is on a UI condition with a deadline; nothing sleeps for a fixed time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outputDir = path.join(repoRoot, 'test-output', 'e2e');
const CHROMIUM = process.env.MESHWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Deadlines (not sleeps): how long a UI condition may take before the scenario fails. */
export const STARTUP_TIMEOUT = 120_000;
export const UI_TIMEOUT = 60_000;

interface CodeServer { entry: string; node: string }
interface Scripts {
  ensureCodeServer(options?: { quiet?: boolean }): CodeServer;
  node24Env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  packageExtension(options?: { out?: string; skipBuild?: boolean; quiet?: boolean }): string;
}

async function scripts(): Promise<Scripts> {
  const codeServer = (await import(path.join(repoRoot, 'scripts', 'codeServer.mjs'))) as Pick<Scripts, 'ensureCodeServer' | 'node24Env'>;
  const packaging = (await import(path.join(repoRoot, 'scripts', 'package.mjs'))) as Pick<Scripts, 'packageExtension'>;
  return { ...codeServer, ...packaging };
}

/** Chromium from Debian; installed with apt-get when missing (the only supported way on this machine). */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', 'chromium']]) {
    const command = [...sudo, ...args];
    const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed (exit ${result.status})`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is still missing at ${CHROMIUM}`);
  return CHROMIUM;
}

/** What every run shares: Chromium, code-server, a temp root and the environment (Node 24 first on PATH). */
export interface BaseSetup {
  readonly codeServer: CodeServer;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
}

let basePromise: Promise<BaseSetup> | undefined;
export function baseSetup(): Promise<BaseSetup> {
  basePromise ??= (async () => {
    mkdirSync(outputDir, { recursive: true });
    ensureChromium();
    const { ensureCodeServer, node24Env } = await scripts();
    const codeServer = ensureCodeServer();
    const root = mkdtempSync(path.join(os.tmpdir(), 'meshwright-e2e-'));
    return { codeServer, env: node24Env(), root };
  })();
  return basePromise;
}

/** The packaged .vsix installed (with code-server's --install-extension) into one shared extensions folder. */
export interface E2eSetup extends BaseSetup {
  readonly vsix: string;
  readonly extensionsDir: string;
}

let setupPromise: Promise<E2eSetup> | undefined;
export function e2eSetup(): Promise<E2eSetup> {
  setupPromise ??= (async () => {
    const base = await baseSetup();
    const { packageExtension } = await scripts();
    const { codeServer, env, root } = base;
    const vsix = process.env.MESHWRIGHT_E2E_VSIX ?? packageExtension({ out: path.join(root, 'meshwright.vsix') });
    const extensionsDir = path.join(root, 'extensions');
    const install = spawnSync(
      codeServer.node,
      [codeServer.entry, '--config', path.join(root, 'config.yaml'), '--user-data-dir', path.join(root, 'install-profile'),
        '--extensions-dir', extensionsDir, '--force', '--install-extension', vsix],
      { encoding: 'utf8', env },
    );
    if (install.status !== 0 || !/successfully installed/i.test(`${install.stdout}${install.stderr}`)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
    }
    return { ...base, vsix, extensionsDir };
  })();
  return setupPromise;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface WorkbenchOptions {
  /** A name for logs and profile folders. */
  readonly name: string;
  /** Folder to open (already prepared by the caller). */
  readonly folder: string;
  /** false = Workspace Trust enabled (the folder starts untrusted). */
  readonly disableWorkspaceTrust: boolean;
  readonly env?: Record<string, string>;
  /** Extensions folder; default: the one with the packaged .vsix installed. */
  readonly extensionsDir?: string;
  /** Extra URL query (e.g. `payload=…` for extension development), appended after `folder=`. */
  readonly query?: (authority: string) => string;
  /** Extra code-server arguments. */
  readonly extraArgs?: readonly string[];
  /** Runs before the page navigates (e.g. page.exposeFunction). */
  readonly beforeNavigate?: (page: Page) => Promise<void>;
}

/** One running code-server + Chromium page showing the workbench. */
export class Workbench {
  readonly page: Page;
  readonly folder: string;
  private readonly server: ChildProcess;
  private readonly browser: Browser;

  private constructor(page: Page, browser: Browser, server: ChildProcess, folder: string) {
    this.page = page;
    this.browser = browser;
    this.server = server;
    this.folder = folder;
  }

  static async start(options: WorkbenchOptions): Promise<Workbench> {
    const setup = await baseSetup();
    const extensionsDir = options.extensionsDir ?? (await e2eSetup()).extensionsDir;
    const profile = path.join(setup.root, `profile-${options.name}`);
    const userDir = path.join(profile, 'User');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(userSettings(options), null, 2));
    const port = await freePort();
    const args = [
      setup.codeServer.entry, '--config', path.join(profile, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--user-data-dir', profile, '--extensions-dir', extensionsDir,
      ...(options.disableWorkspaceTrust ? ['--disable-workspace-trust'] : []), ...(options.extraArgs ?? []), options.folder,
    ];
    // Own process group: code-server's extension hosts outlive it (reconnection grace time), so stop() ends the group.
    const server = spawn(setup.codeServer.node, args, { env: { ...setup.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const log = createWriteStream(path.join(outputDir, `code-server-${options.name}.log`));
    server.stdout!.pipe(log);
    server.stderr!.pipe(log);
    let browser: Browser | undefined;
    try {
      await waitForOutput(server, /HTTP server listening on/, STARTUP_TIMEOUT, `code-server (${options.name})`);
      browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      page.setDefaultNavigationTimeout(STARTUP_TIMEOUT);
      const consoleLog = createWriteStream(path.join(outputDir, `browser-${options.name}.log`));
      page.on('console', (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
      await options.beforeNavigate?.(page);
      const authority = `127.0.0.1:${port}`;
      const query = options.query ? `&${options.query(authority)}` : '';
      await page.goto(`http://${authority}/?folder=${encodeURIComponent(options.folder)}${query}`, { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_TIMEOUT });
      return new Workbench(page, browser, server, options.folder);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await stopServer(server);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await stopServer(this.server);
  }

  async screenshot(scenario: string): Promise<string> {
    const file = path.join(outputDir, `${scenario}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens the command palette and runs the command with this exact label. */
  async runCommand(label: string): Promise<void> {
    const row = await this.findCommand(label);
    if (!row) throw new Error(`the command palette offers no command "${label}"`);
    await row.click();
  }

  /** The palette row for a command label, or undefined when the palette does not offer it (e.g. disabled). */
  async findCommand(label: string): Promise<Locator | undefined> {
    await this.openQuickInput('>');
    await this.page.keyboard.type(label);
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    const row = rows.filter({ hasText: label }).first();
    // The palette filters its list in one render: once any row shows, the command's row is there or absent.
    await row.or(rows.filter({ hasNotText: label })).first().waitFor({ timeout: UI_TIMEOUT });
    return (await row.count()) > 0 ? row : undefined;
  }

  async closeQuickInput(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  private async openQuickInput(prefix: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(prefix);
  }

  /** Opens a workspace file through Quick Open and waits for its editor tab to be active. */
  async openFile(relativePath: string): Promise<void> {
    const base = path.basename(relativePath);
    await this.openQuickInput('');
    await this.page.keyboard.type(relativePath);
    // Click the matching row: pressing Enter could pick a recently opened file before the filter applies.
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: relativePath.includes('/') ? path.dirname(relativePath) : base })
      .filter({ hasText: base }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.click();
    await this.page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ timeout: UI_TIMEOUT });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** Moves the cursor with "Go to Line/Column" (1-based line and column). */
  async goTo(line: number, column: number): Promise<void> {
    await this.openQuickInput(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await this.page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** The innermost document of the active webview panel. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Waits for a notification toast whose text matches and returns its text. */
  async notification(text: RegExp): Promise<{ text: string; severity: 'info' | 'warning' | 'error' | 'unknown'; toast: Locator }> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).last();
    await toast.waitFor({ timeout: UI_TIMEOUT });
    const iconClass = (await toast.locator('.notification-list-item-icon').first().getAttribute('class')) ?? '';
    const severity = /codicon-error/.test(iconClass) ? 'error' : /codicon-warning/.test(iconClass) ? 'warning' : /codicon-info/.test(iconClass) ? 'info' : 'unknown';
    return { text: (await toast.innerText()).trim(), severity, toast };
  }
}

/** Ends code-server and everything it started (its process group), and waits for it to exit. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    server.kill('SIGTERM');
  }
  await exited;
}

function userSettings(options: WorkbenchOptions): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'editor.hover.delay': 300,
    'editor.codeLens': true,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'security.workspace.trust.enabled': !options.disableWorkspaceTrust,
    'security.workspace.trust.startupPrompt': 'always',
    'security.workspace.trust.untrustedFiles': 'open',
  };
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += String(chunk);
      if (pattern.test(seen)) finish();
    };
    const onExit = (code: number | null) => fail(new Error(`${label} exited (code ${code}) before becoming ready:\n${seen.slice(-3000)}`));
    const deadline = AbortSignal.timeout(timeoutMs);
    const onDeadline = () => fail(new Error(`${label} not ready within ${timeoutMs} ms:\n${seen.slice(-3000)}`));
    deadline.addEventListener('abort', onDeadline);
    const cleanup = () => {
      deadline.removeEventListener('abort', onDeadline);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    const finish = () => { cleanup(); resolve(); };
    const fail = (error: Error) => { cleanup(); reject(error); };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A fresh copy of the example application plus scenario files, in a temp folder. */
export function prepareWorkspace(name: string, extraFiles: Record<string, string>): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), `meshwright-ws-${name}-`));
  const copy = spawnSync('cp', ['-r', path.join(repoRoot, 'examples', 'bookinfo'), path.join(folder, 'bookinfo')]);
  if (copy.status !== 0) throw new Error(`copying examples/bookinfo failed: ${copy.stderr}`);
  for (const [relative, text] of Object.entries(extraFiles)) {
    mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    writeFileSync(path.join(folder, relative), text);
  }
  return folder;
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

export interface Manifest { contributes?: { commands?: { command: string; title: string; category?: string }[] } }

/** package.json of the Meshwright build installed from the .vsix (what the UI actually shows). */
export async function installedManifest(): Promise<Manifest> {
  const { extensionsDir } = await e2eSetup();
  const folder = readdirSync(extensionsDir).find((name) => name.startsWith('meshwright.meshwright-'));
  if (!folder) throw new Error(`Meshwright is not installed in ${extensionsDir}`);
  return JSON.parse(readFileSync(path.join(extensionsDir, folder, 'package.json'), 'utf8')) as Manifest;
}

/** The palette label ("Category: Title") of a command contributed in package.json, or an explanation. */
export function commandLabel(manifest: Manifest, id: string): string {
  const command = manifest.contributes?.commands?.find((entry) => entry.command === id);
  if (!command) throw new Error(`package.json does not contribute the command ${id}, so it cannot be run from the command palette`);
  return command.category ? `${command.category}: ${command.title}` : command.title;
}
