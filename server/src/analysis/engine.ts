// The incremental analysis engine: holds the workspace index, runs resource analyzers (cached per YAML document)
// and workspace analyzers (re-run only when one of their input kinds changed), applies suppressions, and reports
// which files' findings changed so the LSP layer republishes just those.
import type { Finding, Resource, YamlDocument } from '../model/types.ts';
import { spanOf } from '../model/locate.ts';
import { lineStarts } from '../model/text.ts';
import type { AnalysisContext, Analyzer, ResourceAnalyzer, WorkspaceAnalyzer } from './types.ts';
import { DEFAULT_MESH_CONFIG, type MeshConfig } from './meshConfig.ts';
import { WorkspaceIndex } from './workspaceIndex.ts';
import { ANALYZERS } from './registry.ts';

/** Istio's per-resource suppression annotation (comma-separated codes, or `*`). */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';
/** The comment that suppresses findings on the next line: `# meshwright-disable-next-line CODE[,CODE]`. */
const DISABLE_COMMENT = /#\s*meshwright-disable-next-line\b([^\n]*)/g;

export interface AnalysisResult {
  /** Findings of every file that has any, by URI. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** Files whose findings differ from the previous run (including files that now have none). */
  readonly changedUris: ReadonlySet<string>;
}

interface FileState {
  readonly text: string | undefined;
  /** Line (0-based) → suppressed codes ('*' = all), from disable comments. */
  readonly suppressedLines: ReadonlyMap<number, ReadonlySet<string>> | undefined;
  starts?: number[];
}

/** The `kinds` entry of a resource analyzer that applies to every kind. */
const ANY_KIND = '*';

export class WorkspaceAnalysis {
  readonly index: WorkspaceIndex;
  private meshConfig: MeshConfig;
  private readonly analyzers: readonly Analyzer[];
  private readonly resourceAnalyzers: readonly ResourceAnalyzer[];
  private readonly workspaceAnalyzers: readonly WorkspaceAnalyzer[];
  /** Resource analyzers by the kind they check (each file's collection looks them up per resource). */
  private readonly resourceAnalyzersByKind = new Map<string, ResourceAnalyzer[]>();
  /** Resource analyzers that apply to every kind. */
  private readonly anyKindAnalyzers: ResourceAnalyzer[] = [];
  private readonly resourceCaches = new Map<string, WeakMap<YamlDocument, Finding[]>>();
  /**
   * All resource-analyzer findings of one document (dropped when one analyzer's findings for it change): an
   * edit elsewhere costs one lookup per resource instead of one per resource and analyzer, which matters in
   * files of thousands of resources.
   */
  private documentFindings = new WeakMap<YamlDocument, readonly Finding[]>();
  /** Where resource analyzers report during `check` (one context for all checks, pointed at each list in turn). */
  private sink: Finding[] = [];
  private checkContext: AnalysisContext | undefined;
  /** The findings by file of the workspace analyzers that reported any (collect looks each file up in these). */
  private reportingWorkspaceAnalyzers: Map<string, Finding[]>[] = [];
  private readonly workspaceFindings = new Map<string, Map<string, Finding[]>>();
  private readonly fileStates = new Map<string, FileState>();
  private readonly current = new Map<string, readonly Finding[]>();
  private pendingKinds = new Set<string>();
  private pendingUris = new Set<string>();
  private firstRun = true;
  /** A single batch run (the CLI): per-document results are not kept for later, incremental runs. */
  private readonly oneShot: boolean;
  /** Analyzer failures of the last run (an analyzer bug never stops the others). */
  errors: { analyzer: string; error: unknown }[] = [];

  constructor(options: { meshConfig?: MeshConfig; analyzers?: readonly Analyzer[]; oneShot?: boolean } = {}) {
    this.meshConfig = options.meshConfig ?? DEFAULT_MESH_CONFIG;
    this.oneShot = options.oneShot ?? false;
    this.index = new WorkspaceIndex({ istioNamespace: this.meshConfig.istioNamespace });
    this.analyzers = options.analyzers ?? ANALYZERS;
    this.resourceAnalyzers = this.analyzers.filter((a): a is ResourceAnalyzer => a.scope === 'resource');
    this.workspaceAnalyzers = this.analyzers.filter((a): a is WorkspaceAnalyzer => a.scope === 'workspace');
    for (const analyzer of this.resourceAnalyzers) {
      if (analyzer.kinds.includes(ANY_KIND)) {
        this.anyKindAnalyzers.push(analyzer);
        continue;
      }
      for (const kind of analyzer.kinds) {
        const list = this.resourceAnalyzersByKind.get(kind);
        if (list) list.push(analyzer);
        else this.resourceAnalyzersByKind.set(kind, [analyzer]);
      }
    }
  }

  /** Replaces a file's resources; pass the file text to honour `# meshwright-disable-next-line` comments. */
  setFile(uri: string, resources: readonly Resource[], text?: string): void {
    for (const kind of this.index.setFile(uri, resources)) this.pendingKinds.add(kind);
    this.fileStates.set(uri, { text, suppressedLines: text === undefined ? undefined : parseDisableComments(text) });
    this.pendingUris.add(uri);
  }

  removeFile(uri: string): void {
    for (const kind of this.index.removeFile(uri)) this.pendingKinds.add(kind);
    this.fileStates.delete(uri);
    this.pendingUris.add(uri);
  }

  setMeshConfig(config: MeshConfig): void {
    if (config.istioNamespace !== this.meshConfig.istioNamespace) {
      this.index.setOptions({ istioNamespace: config.istioNamespace });
      for (const kind of ['Service', 'Pod', 'Deployment']) this.pendingKinds.add(kind);
    }
    this.meshConfig = config;
    this.pendingKinds.add('MeshConfig');
  }

  get currentMeshConfig(): MeshConfig {
    return this.meshConfig;
  }

  /** Brings findings up to date with every change since the previous run. */
  run(): AnalysisResult {
    const dirty = this.pendingKinds;
    const touched = this.pendingUris;
    this.pendingKinds = new Set();
    this.pendingUris = new Set();
    this.errors = [];
    const all = this.firstRun;
    this.firstRun = false;
    this.checkContext = this.context((finding) => this.sink.push(finding));

    if (all) {
      // First run: nothing is cached yet and every file is collected below.
      for (const analyzer of this.resourceAnalyzers) this.resourceCaches.set(analyzer.name, new WeakMap());
      this.documentFindings = new WeakMap();
    } else {
      for (const analyzer of this.resourceAnalyzers) {
        const crossInputs = analyzer.inputs.filter((kind) => !analyzer.kinds.includes(kind));
        if (!crossInputs.some((kind) => dirty.has(kind))) continue;
        // What it reads from other kinds changed: re-check its resources now, and re-collect only the files
        // whose findings from it changed (usually a handful, not every file of that kind).
        const previous = this.resourceCaches.get(analyzer.name)!; // set on the first run
        this.resourceCaches.set(analyzer.name, new WeakMap());
        for (const kind of analyzer.kinds.includes(ANY_KIND) ? [undefined] : analyzer.kinds) {
          for (const r of this.index.resources(kind)) {
            const before = previous.get(r.document);
            const after = this.check(analyzer, r);
            if (before && sameFindings(before, after, { related: true })) continue;
            this.documentFindings.delete(r.document);
            touched.add(r.uri);
          }
        }
      }
    }
    for (const analyzer of this.workspaceAnalyzers) {
      if (!all && this.workspaceFindings.has(analyzer.name) && !analyzer.inputs.some((kind) => dirty.has(kind))) continue;
      const old = this.workspaceFindings.get(analyzer.name);
      if (old) for (const uri of old.keys()) touched.add(uri);
      const byUri = new Map<string, Finding[]>();
      const context = this.context((finding) => {
        let list = byUri.get(finding.uri);
        if (!list) byUri.set(finding.uri, (list = []));
        list.push(finding);
      });
      try {
        analyzer.analyze(context);
      } catch (error) {
        this.errors.push({ analyzer: analyzer.name, error });
      }
      this.workspaceFindings.set(analyzer.name, byUri);
      for (const uri of byUri.keys()) touched.add(uri);
    }
    if (all) for (const uri of this.index.uris()) touched.add(uri);
    this.reportingWorkspaceAnalyzers = [...this.workspaceFindings.values()].filter((byUri) => byUri.size > 0);

    const changedUris = new Set<string>();
    for (const uri of touched) {
      const fresh = this.collect(uri);
      const previous = this.current.get(uri) ?? [];
      if (!sameFindings(previous, fresh)) changedUris.add(uri);
      if (fresh.length) this.current.set(uri, fresh);
      else this.current.delete(uri);
    }
    return { findings: this.current, changedUris };
  }

  private context(report: (finding: Finding) => void): AnalysisContext {
    return { index: this.index, meshConfig: this.meshConfig, report };
  }

  /** One resource analyzer's findings for one resource (cached per document until its inputs change). */
  private check(analyzer: ResourceAnalyzer, resource: Resource): readonly Finding[] {
    const cache = this.oneShot ? undefined : this.resourceCaches.get(analyzer.name)!;
    const cached = cache?.get(resource.document);
    if (cached) return cached;
    const list: Finding[] = [];
    this.sink = list;
    try {
      analyzer.check(resource, this.checkContext!);
    } catch (error) {
      this.errors.push({ analyzer: analyzer.name, error });
    }
    cache?.set(resource.document, list);
    return list;
  }

  /** Every finding of one file: cached resource-analyzer results, workspace results, minus suppressed ones. */
  private collect(uri: string): Finding[] {
    const out: Finding[] = [];
    for (const resource of this.index.fileResources(uri)) {
      let combined = this.oneShot ? undefined : this.documentFindings.get(resource.document);
      if (!combined) {
        const findings: Finding[] = [];
        for (const analyzer of this.resourceAnalyzersByKind.get(resource.kind) ?? []) findings.push(...this.check(analyzer, resource));
        for (const analyzer of this.anyKindAnalyzers) findings.push(...this.check(analyzer, resource));
        combined = findings;
        if (!this.oneShot) this.documentFindings.set(resource.document, findings);
      }
      if (combined.length > 0) out.push(...combined);
    }
    for (const byUri of this.reportingWorkspaceAnalyzers) {
      const list = byUri.get(uri);
      if (list) out.push(...list);
    }
    return keptAndSorted(out, this.fileStates.get(uri));
  }
}

/**
 * One file's findings from single-resource analyzers (those that never read the index), computed once with no
 * caching: what a batch run (the CLI) needs. Suppressions apply as in WorkspaceAnalysis.
 */
export function checkFileOnce(
  analyzers: readonly ResourceAnalyzer[],
  resources: readonly Resource[],
  text: string,
  meshConfig: MeshConfig = DEFAULT_MESH_CONFIG,
  suppressedLines: Map<number, Set<string>> = parseDisableComments(text),
): Finding[] {
  const out: Finding[] = [];
  const context: AnalysisContext = { index: EMPTY_INDEX, meshConfig, report: (finding) => out.push(finding) };
  const byKind = analyzersByKind(analyzers);
  for (const resource of resources) {
    for (const analyzer of byKind.get(resource.kind) ?? byKind.get(ANY_KIND) ?? []) {
      try {
        analyzer.check(resource, context);
      } catch {
        // As in WorkspaceAnalysis: one analyzer's bug never hides the others' findings.
      }
    }
  }
  return keptAndSorted(out, { text, suppressedLines });
}

const EMPTY_INDEX = new WorkspaceIndex();

/** Each analyzer list's analyzers by the kind they check (those for any kind under ANY_KIND and in every list). */
const kindTables = new WeakMap<readonly ResourceAnalyzer[], Map<string, ResourceAnalyzer[]>>();
function analyzersByKind(analyzers: readonly ResourceAnalyzer[]): Map<string, ResourceAnalyzer[]> {
  let table = kindTables.get(analyzers);
  if (table) return table;
  table = new Map();
  const kinds = new Set(analyzers.flatMap((analyzer) => analyzer.kinds));
  kinds.add(ANY_KIND);
  for (const kind of kinds) table.set(kind, analyzers.filter((analyzer) => analyzer.kinds.includes(kind) || analyzer.kinds.includes(ANY_KIND)));
  kindTables.set(analyzers, table);
  return table;
}

/** Findings minus suppressed ones, in document order then by code. */
function keptAndSorted(findings: Finding[], state: FileState | undefined): Finding[] {
  if (findings.length === 0) return findings;
  const kept = findings.filter((finding) => !suppressed(finding, state));
  kept.sort((a, b) => a.document.offset - b.document.offset || compareStrings(a.code, b.code));
  return kept;
}

function suppressed(finding: Finding, state: FileState | undefined): boolean {
  const value = finding.document.value as { metadata?: { annotations?: Record<string, unknown> } } | null;
  const annotation = value?.metadata?.annotations?.[SUPPRESS_ANNOTATION];
  if (typeof annotation === 'string') {
    const codes = annotation.split(',').map((c) => c.trim());
    if (codes.includes('*') || codes.includes(finding.code)) return true;
  }
  if (!state?.suppressedLines || state.suppressedLines.size === 0 || state.text === undefined) return false;
  state.starts ??= lineStarts(state.text);
  const offset = spanOf(finding.document, finding.path, finding.on ?? 'value').start;
  const codes = state.suppressedLines.get(lineOf(state.starts, offset));
  return !!codes && (codes.has('*') || codes.has(finding.code));
}

/** Finds `# meshwright-disable-next-line` comments: the next non-blank, non-comment line → codes. */
export function parseDisableComments(text: string): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  if (text.indexOf('#') < 0 || !text.includes('meshwright-disable-next-line')) return result;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    DISABLE_COMMENT.lastIndex = 0;
    const match = DISABLE_COMMENT.exec(lines[i]!);
    if (!match) continue;
    const codes = match[1]!.split(/[\s,]+/).filter((c) => /^[A-Z]+\d+$/.test(c));
    let target = i + 1;
    while (target < lines.length && /^\s*(#.*)?$/.test(lines[target]!)) target++;
    let set = result.get(target);
    if (!set) result.set(target, (set = new Set()));
    for (const code of codes.length ? codes : ['*']) set.add(code);
  }
  return result;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Same findings in the same order; with `related`, their related locations must be in the same documents too. */
function sameFindings(a: readonly Finding[], b: readonly Finding[], options: { related?: boolean } = {}): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.code !== y.code || x.document !== y.document || x.message !== y.message || x.path.join('\u0000') !== y.path.join('\u0000')) return false;
    if (options.related && !sameRelated(x, y)) return false;
  }
  return true;
}

function sameRelated(x: Finding, y: Finding): boolean {
  const a = x.related ?? [];
  const b = y.related ?? [];
  return a.length === b.length && a.every((r, i) => r.document === b[i]!.document && r.message === b[i]!.message && r.path.join('\u0000') === b[i]!.path.join('\u0000'));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
