// The server's state: open documents and workspace files as YamlFiles, the analysis engine, and the
// per-document caches that make an edit cost one document's work. No connection here: see server.ts.
import type { Diagnostic } from 'vscode-languageserver';
import { YamlFile, locate, type Finding, type Resource, type TextEdit, type YamlDocument } from '../model/index.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import type { MeshConfig } from '../analysis/meshConfig.ts';
import { findingToDiagnostic, holdsResources, problemToDiagnostic, tooLargeDiagnostic } from '../ide/diagnostics.ts';

/** The analysis engine as the session uses it (server/src/analysis/engine.ts implements it). */
export interface AnalysisEngine {
  setFile(uri: string, resources: readonly Resource[], text?: string): void;
  removeFile(uri: string): void;
  run(): { findings: ReadonlyMap<string, readonly Finding[]>; changedUris: ReadonlySet<string> };
  setMeshConfig(config: MeshConfig): void;
  /** The engine's workspace index (hosts, subsets, gateways…), shared with completion and navigation. */
  readonly index: WorkspaceIndex;
}

export interface SessionOptions {
  /** Single-document checks (schema validation, recognising resources). Results are cached per document. */
  readonly checkDocument: (uri: string, document: YamlDocument) => readonly Finding[];
  readonly analysis: AnalysisEngine;
  /** When Red Hat's YAML extension is active it reports YAML syntax errors itself; we then skip MW0001. */
  readonly yamlExtensionActive?: boolean;
  /** Most diagnostics published for one file (the transport slows down with tens of thousands). */
  readonly maxDiagnosticsPerFile?: number;
}

/**
 * A cross-resource finding of the previous round whose document was re-parsed since: it moves to the document
 * that now stands where the old one started, if its path still exists there; otherwise it is dropped until
 * the next analysis round decides.
 */
function carryOver(file: YamlFile, finding: Finding): Finding | undefined {
  const document = file.documentAt(finding.document.offset);
  if (!document || locate(document, finding.path).depth < finding.path.length) return undefined;
  return { ...finding, document };
}

/** URIs of objects read from a cluster. */
const CLUSTER_SCHEME = 'meshwright-cluster:';

/** Comments that suppress findings start with this (see docs/analysis.md). */
const SUPPRESSION_MARKER = 'meshwright-disable';

interface OpenDocument {
  readonly file: YamlFile;
  version: number;
}

export class WorkspaceSession {
  private readonly open = new Map<string, OpenDocument>();
  private readonly disk = new Map<string, YamlFile>();
  private documentFindings = new WeakMap<YamlDocument, readonly Finding[]>();
  private readonly suppressionCache = new WeakMap<YamlDocument, boolean>();
  private readonly dirty = new Set<string>();
  /** Files published by phase 1 whose cross-resource findings are not yet recomputed. */
  private readonly awaitingAnalysis = new Set<string>();
  private readonly listeners: (() => void)[] = [];
  private analysisFindings: ReadonlyMap<string, readonly Finding[]> = new Map();
  private readonly options: SessionOptions;

  constructor(options: SessionOptions) {
    this.options = options;
  }

  /** The workspace index, kept up to date by the analysis engine. */
  get index(): WorkspaceIndex {
    return this.options.analysis.index;
  }

  // ---- documents -------------------------------------------------------------------------------

  openDocument(uri: string, text: string, version: number): void {
    const existing = this.disk.get(uri);
    let file: YamlFile;
    if (existing && existing.text === text) file = existing;
    else if (existing) {
      file = existing;
      file.setText(text);
    } else file = new YamlFile(uri, text);
    this.disk.delete(uri);
    this.open.set(uri, { file, version });
    this.touch(uri, file);
  }

  changeDocument(uri: string, version: number, edits: readonly TextEdit[] | string): void {
    const entry = this.open.get(uri);
    if (!entry) return;
    if (typeof edits === 'string') entry.file.setText(edits);
    else entry.file.apply(edits);
    entry.version = version;
    this.touch(uri, entry.file);
  }

  /** A closed document falls back to its state on disk (`diskText`), or leaves the workspace. */
  closeDocument(uri: string, diskText: string | undefined): void {
    const entry = this.open.get(uri);
    this.open.delete(uri);
    if (diskText === undefined) {
      this.removeFile(uri);
      return;
    }
    const file = entry?.file ?? new YamlFile(uri, diskText);
    if (file.text !== diskText) file.setText(diskText);
    this.disk.set(uri, file);
    this.touch(uri, file);
  }

  /** A workspace file read from disk (ignored while the document is open in the editor). */
  setDiskFile(uri: string, text: string): void {
    if (this.open.has(uri)) return;
    const existing = this.disk.get(uri);
    if (existing) {
      if (existing.text === text) return;
      existing.setText(text);
      this.touch(uri, existing);
      return;
    }
    const file = new YamlFile(uri, text);
    // Files without Kubernetes objects are left alone: not indexed, not kept.
    if (!holdsResources(file)) return;
    this.disk.set(uri, file);
    this.touch(uri, file);
  }

  /**
   * Objects read from the cluster (cluster-aware analysis): indexed like a workspace file under a
   * `meshwright-cluster:` URI, but never published. Objects the workspace defines itself are left out.
   */
  setClusterObjects(context: string | undefined, objects: readonly { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }[], toYaml: (object: unknown) => string): void {
    for (const file of [...this.disk.values()]) if (file.uri.startsWith(CLUSTER_SCHEME)) this.removeFile(file.uri);
    if (!context || !objects.length) return;
    const defined = new Set(this.index.resources().map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`));
    const kept = objects.filter((o) => !defined.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    const uri = `${CLUSTER_SCHEME}/${encodeURIComponent(context)}.yaml`;
    const file = new YamlFile(uri, kept.map((object) => toYaml(object)).join('---\n'));
    this.disk.set(uri, file);
    this.touch(uri, file);
  }

  /**
   * The schemas changed (cluster CRD schemas applied or removed): every document is checked again. Files are
   * parsed afresh so that the per-document caches here and in the analysis engine (CEL rules) start over.
   */
  revalidateAll(): void {
    this.documentFindings = new WeakMap();
    // Fresh YamlFiles: re-setting the same text would keep the (identical) documents and their cached findings.
    for (const [uri, entry] of this.open) {
      const file = new YamlFile(uri, entry.file.text);
      this.open.set(uri, { file, version: entry.version });
      this.touch(uri, file);
    }
    for (const [uri, old] of this.disk) {
      const file = new YamlFile(uri, old.text);
      this.disk.set(uri, file);
      this.touch(uri, file);
    }
  }

  /** Whether a URI names cluster objects (never published as diagnostics). */
  static isClusterUri(uri: string): boolean {
    return uri.startsWith(CLUSTER_SCHEME);
  }

  removeFile(uri: string): void {
    if (this.open.has(uri)) return;
    this.disk.delete(uri);
    this.options.analysis.removeFile(uri);
    this.dirty.add(uri);
  }

  private touch(uri: string, file: YamlFile): void {
    // The text is only needed for suppression comments; joining a large file on every keystroke is not.
    const text = file.documents.some((document) => this.hasSuppression(document)) ? file.text : undefined;
    this.options.analysis.setFile(uri, file.resources, text);
    this.dirty.add(uri);
  }

  /** Whether a document contains a suppression comment (remembered per document: one scan per parse). */
  private hasSuppression(document: YamlDocument): boolean {
    let found = this.suppressionCache.get(document);
    if (found === undefined) {
      found = document.text.includes(SUPPRESSION_MARKER);
      this.suppressionCache.set(document, found);
    }
    return found;
  }

  getFile(uri: string): YamlFile | undefined {
    return this.open.get(uri)?.file ?? this.disk.get(uri);
  }

  versionOf(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  *allFiles(): Iterable<YamlFile> {
    for (const entry of this.open.values()) yield entry.file;
    yield* this.disk.values();
  }

  /** Mesh config changes what some checks conclude: every file's findings may change. */
  setMeshConfig(config: MeshConfig): void {
    this.options.analysis.setMeshConfig(config);
    for (const file of this.allFiles()) this.dirty.add(file.uri);
  }

  /** How many resources of each kind the session knows (for the status notification). */
  resourceCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const resource of this.index.resources()) counts[resource.kind] = (counts[resource.kind] ?? 0) + 1;
    return counts;
  }

  /** Called after each analysis round (topology panels refresh from here). */
  onDidUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  // ---- analysis ---------------------------------------------------------------------------------

  get hasPendingWork(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * Phase 1 of an analysis round, cheap enough for every keystroke: the diagnostics of the edited files from
   * their single-document checks (syntax, schema, webhook, CEL — cached per document) plus the previous round's
   * cross-resource findings carried over to the re-parsed documents. Phase 2 (`flushAnalysis`) follows.
   */
  flushDocuments(): Map<string, Diagnostic[]> {
    const touched = [...this.dirty];
    this.dirty.clear();
    for (const uri of touched) this.awaitingAnalysis.add(uri);
    const result = new Map<string, Diagnostic[]>();
    for (const uri of touched) result.set(uri, this.diagnostics(uri));
    return result;
  }

  get hasPendingAnalysis(): boolean {
    return this.awaitingAnalysis.size > 0;
  }

  /**
   * Phase 2: runs the cross-resource analysis made necessary by the edits since the last round and returns the
   * diagnostics of every file whose diagnostics may have changed (the edited files plus files whose
   * cross-resource findings changed).
   */
  flushAnalysis(): Map<string, Diagnostic[]> {
    const touched = new Set(this.awaitingAnalysis);
    this.awaitingAnalysis.clear();
    const { findings, changedUris } = this.options.analysis.run();
    this.analysisFindings = findings;
    for (const uri of changedUris) touched.add(uri);
    const result = new Map<string, Diagnostic[]>();
    for (const uri of touched) result.set(uri, this.diagnostics(uri));
    for (const listener of this.listeners) listener();
    return result;
  }

  /** Both phases at once (the CLI-like path, used by tests and benchmarks). */
  flush(): Map<string, Diagnostic[]> {
    const first = this.flushDocuments();
    const second = this.flushAnalysis();
    for (const [uri, diagnostics] of second) first.set(uri, diagnostics);
    return first;
  }

  /** All findings (single-document and cross-resource) of one file. */
  findings(uri: string): Finding[] {
    const file = this.getFile(uri);
    if (!file) return [];
    const out: Finding[] = [];
    for (const document of file.documents) out.push(...this.checkDocument(uri, document));
    out.push(...(this.analysisFindings.get(uri) ?? []));
    return out;
  }

  /** The diagnostics to publish for one file. */
  diagnostics(uri: string): Diagnostic[] {
    if (WorkspaceSession.isClusterUri(uri)) return [];
    const file = this.getFile(uri);
    if (!file || !holdsResources(file)) return [];
    if (file.tooLarge) return [tooLargeDiagnostic()];
    const limit = this.options.maxDiagnosticsPerFile ?? 5_000;
    const out: Diagnostic[] = [];
    const lookup = (other: string) => this.getFile(other);
    for (const document of file.documents) {
      for (const problem of document.problems) {
        if (problem.code === 'MW0001' && this.options.yamlExtensionActive) continue;
        out.push(problemToDiagnostic(file, document, problem));
      }
      for (const finding of this.checkDocument(uri, document)) out.push(findingToDiagnostic(file, finding, lookup));
      if (out.length >= limit) break;
    }
    const live = new Set(file.documents);
    for (const finding of this.analysisFindings.get(uri) ?? []) {
      if (out.length >= limit) break;
      const current = live.has(finding.document) ? finding : carryOver(file, finding);
      if (current) out.push(findingToDiagnostic(file, current, lookup));
    }
    return out.length > limit ? out.slice(0, limit) : out;
  }

  private checkDocument(uri: string, document: YamlDocument): readonly Finding[] {
    let findings = this.documentFindings.get(document);
    if (!findings) {
      findings = this.options.checkDocument(uri, document);
      this.documentFindings.set(document, findings);
    }
    return findings;
  }
}
