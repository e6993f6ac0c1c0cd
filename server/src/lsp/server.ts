// The language server: capabilities, document sync, diagnostics publishing and the standard LSP features.
// The only layer (with the other files of server/src/lsp) that talks to the connection.
import {
  TextDocumentSyncKind,
  type Diagnostic,
  type Range,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { TextEdit } from '../model/index.ts';
import { meshConfigFrom, type MeshConfig } from '../analysis/meshConfig.ts';
import { WorkspaceSession, type SessionOptions } from './session.ts';
import { guard } from './guard.ts';
import { registerFeatureHandlers } from './features.ts';
import { scanWorkspace, readFileIfYaml, uriToPath } from './workspaceFiles.ts';
import { SERVER_VERSION, ISTIO_RELEASE } from './version.ts';
import { ClusterResourcesNotification, StatusNotification } from '../../../protocol/lsp.ts';
import { schemaOverlay, useClusterSchemas } from '../schema/index.ts';

export interface ServerOptions extends Omit<SessionOptions, 'yamlExtensionActive'> {
  /** Hooks for other feature areas (topology, code lenses, …) registered with the session. */
  readonly extensions?: readonly ((connection: Connection, session: WorkspaceSession) => void)[];
  /** Small jobs run one per event-loop turn after start-up (e.g. compiling validators ahead of first use). */
  readonly idleWork?: readonly (() => void)[];
}

/** Settings the client passes in initializationOptions. */
interface InitializationOptions {
  /** Red Hat's YAML extension is active in the same editor (see docs/coexistence.md). */
  readonly yamlExtensionActive?: boolean;
  /** Index every YAML file of the workspace folders (default true). */
  readonly indexWorkspace?: boolean;
  /** Mesh config as an object (istioctl's --meshConfigFile content), for editors without a file setting. */
  readonly meshConfig?: unknown;
  /** Path of a mesh config file (MeshConfig YAML or the `istio` ConfigMap), absolute or workspace-relative. */
  readonly meshConfigFile?: string;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  let session: WorkspaceSession | undefined;
  let folders: string[] = [];
  let indexWorkspace = true;
  let scheduled = false;
  let warm = false;
  let indexing = false;

  const send = (current: WorkspaceSession, diagnosticsByUri: Map<string, Diagnostic[]>): void => {
    for (const [uri, diagnostics] of diagnosticsByUri) {
      if (WorkspaceSession.isClusterUri(uri)) continue;
      void connection.sendDiagnostics({ uri, version: current.versionOf(uri), diagnostics });
    }
  };
  /**
   * An analysis round in two phases: first the edited files' single-document diagnostics (immediately), then,
   * on the next turn of the event loop — after any edits that arrived meanwhile — the cross-resource analysis.
   */
  const round = (): void => {
    scheduled = false;
    if (!session) return;
    const current = session;
    send(current, current.flushDocuments());
    setImmediate(() => {
      // A newer round will do it; and while the workspace is being indexed, cross-resource findings would be
      // premature (a referenced Service may simply not be read yet): the round after indexing does them.
      if (scheduled || indexing || session !== current || !current.hasPendingAnalysis) return;
      try {
        const published = current.flushAnalysis();
        send(current, published);
        void connection.sendNotification(StatusNotification, { state: 'idle', uris: [...published.keys()], resources: current.resourceCounts(), warm });
      } catch (error) {
        connection.console.error(`meshwright: analysis failed: ${(error as Error).stack ?? error}`);
      }
    });
  };
  /** Coalesces a burst of edits into one round, without a fixed debounce delay. */
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      try {
        round();
      } catch (error) {
        connection.console.error(`meshwright: analysis failed: ${(error as Error).stack ?? error}`);
      }
    });
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    indexWorkspace = init.indexWorkspace !== false;
    folders = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders = [root];
    }
    session = new WorkspaceSession({ ...options, yamlExtensionActive: init.yamlExtensionActive === true });
    const meshConfig = readMeshConfig(init, folders, (message) => connection.console.warn(`meshwright: ${message}`));
    if (meshConfig) session.setMeshConfig(meshConfig);
    registerFeatureHandlers(connection, session);
    for (const extension of options.extensions ?? []) extension(connection, session);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: [':', ' ', '-', '/', '.'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        selectionRangeProvider: true,
        definitionProvider: true,
        codeLensProvider: { resolveProvider: false },
        // Red Hat's YAML extension formats YAML already; offering a second formatter would make VS Code ask.
        documentFormattingProvider: init.yamlExtensionActive !== true,
      },
      serverInfo: { name: 'meshwright', version: `${SERVER_VERSION} (Istio ${ISTIO_RELEASE})` },
    };
  });

  connection.onInitialized(() => {
    runWhenIdle(options.idleWork ?? [], () => {
      warm = true;
      void connection.sendNotification(StatusNotification, { state: 'idle', uris: [], resources: session?.resourceCounts() ?? {}, warm });
    });
    if (!session || !indexWorkspace || !folders.length) return;
    const current = session;
    void connection.sendNotification(StatusNotification, { state: 'indexing', uris: [], resources: {}, warm });
    indexing = true;
    void scanWorkspace(folders, (uri, text) => current.setDiskFile(uri, text))
      .then((count) => connection.console.info(`meshwright: indexed ${count} YAML files`))
      .catch((error: unknown) => connection.console.error(`meshwright: workspace scan failed: ${(error as Error).message}`))
      .finally(() => {
        indexing = false;
        schedule();
      });
  });

  connection.onDidOpenTextDocument(
    guard(connection, 'didOpen', (params) => {
      session?.openDocument(params.textDocument.uri, params.textDocument.text, params.textDocument.version);
      schedule();
    }),
  );

  connection.onDidChangeTextDocument(
    guard(connection, 'didChange', (params) => {
      const file = session?.getFile(params.textDocument.uri);
      if (!session || !file) return;
      // Each change is expressed against the text produced by the previous one: apply them one by one.
      for (const change of params.contentChanges) {
        const range = rangeOf(change);
        const edit: TextEdit | string = range ? { start: file.offsetAt(range.start), end: file.offsetAt(range.end), text: change.text } : change.text;
        session.changeDocument(params.textDocument.uri, params.textDocument.version, typeof edit === 'string' ? edit : [edit]);
      }
      schedule();
    }),
  );

  connection.onDidCloseTextDocument(
    guard(connection, 'didClose', (params) => {
      const uri = params.textDocument.uri;
      const onDisk = indexWorkspace ? readFileIfYaml(uri, folders) : undefined;
      session?.closeDocument(uri, onDisk);
      // A closed file outside the workspace keeps no diagnostics.
      if (onDisk === undefined) void connection.sendDiagnostics({ uri, diagnostics: [] });
      schedule();
    }),
  );

  connection.onNotification(
    ClusterResourcesNotification,
    guard(connection, 'clusterResources', (params) => {
      session?.setClusterObjects(params.context, params.objects ?? [], (object) => stringifyYaml(object));
      // The installed Istio CRDs replace the bundled schemas of their kinds; every document is checked again.
      const schemas = useClusterSchemas(params.context, params.crds);
      if (schemas.changed) {
        const overlay = schemaOverlay();
        connection.console.info(overlay ? `meshwright: schemas of ${schemas.versions} kind versions from ${overlay.description}` : 'meshwright: bundled schemas');
        session?.revalidateAll();
      }
      schedule();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard(connection, 'didChangeWatchedFiles', (params) => {
      if (!session || !indexWorkspace) return;
      for (const change of params.changes) {
        const text = readFileIfYaml(change.uri, folders);
        if (text === undefined) session.removeFile(change.uri);
        else session.setDiskFile(change.uri, text);
      }
      schedule();
    }),
  );

  connection.onShutdown(() => {
    session = undefined;
  });
  connection.listen();
}

/** The mesh config from initializationOptions: an inline object, or a file (relative to the first folder). */
function readMeshConfig(init: InitializationOptions, folders: readonly string[], warn: (message: string) => void): MeshConfig | undefined {
  if (init.meshConfig && typeof init.meshConfig === 'object') return meshConfigFrom(init.meshConfig, parseYaml);
  if (!init.meshConfigFile) return undefined;
  const file = path.isAbsolute(init.meshConfigFile) || !folders[0] ? init.meshConfigFile : path.join(folders[0], init.meshConfigFile);
  try {
    return meshConfigFrom(parseYaml(readFileSync(file, 'utf8')), parseYaml);
  } catch (error) {
    warn(`cannot read the mesh config file ${file}: ${(error as Error).message}; using Istio's defaults`);
    return undefined;
  }
}

/** Runs jobs one per turn of the event loop, so requests and edits are never kept waiting behind them. */
function runWhenIdle(jobs: readonly (() => void)[], done: () => void): void {
  const queue = [...jobs];
  const next = (): void => {
    const job = queue.shift();
    if (!job) {
      done();
      return;
    }
    try {
      job();
    } catch {
      // Warm-up work is optional.
    }
    setImmediate(next);
  };
  setImmediate(next);
}

/** The range of an incremental change, or undefined for a whole-document change. */
function rangeOf(change: TextDocumentContentChangeEvent): Range | undefined {
  return 'range' in change && change.range ? change.range : undefined;
}
