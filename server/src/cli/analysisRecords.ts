// Purpose: the CLI's findings as records with 1-based positions, computed in two parts: per-file records
// (syntax, schema, webhook and CEL checks, which need only the file itself and so skip the incremental engine)
// and cross-resource records (the engine over every file, in its one-shot mode). Together they equal what the
// editor's WorkspaceAnalysis reports.
import path from 'node:path';
import { YamlFile, lineStarts, positionAt, spanOf } from '../model/index.ts';
import type { Finding, Severity, YamlDocument } from '../model/index.ts';
import { WorkspaceAnalysis, checkFileOnce, parseDisableComments, SUPPRESS_ANNOTATION } from '../analysis/engine.ts';
import { catalogueEntry } from '../analysis/catalogue.ts';
import { CROSS_RESOURCE_ANALYZERS } from '../analysis/crossResourceAnalyzers.ts';
import { WEBHOOK_ANALYZERS } from '../analysis/registry.ts';
import type { MeshConfig } from '../analysis/meshConfig.ts';
import { validateDocument } from '../schema/index.ts';

/** One reported problem with its position (1-based line and column). */
export interface AnalyzeRecord {
  code: string;
  level: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource?: { kind: string; namespace?: string; name: string };
}

/** Turns one file's findings into records; positions and the display path are worked out only when needed. */
class FileRecords {
  readonly records: AnalyzeRecord[] = [];
  private display: string | undefined;
  private starts: number[] | undefined;

  private readonly uri: string;
  private readonly text: string;

  constructor(uri: string, text: string) {
    this.uri = uri;
    this.text = text;
  }

  lineStarts(): number[] {
    return (this.starts ??= lineStarts(this.text));
  }

  addFinding(finding: Finding): void {
    const span = spanOf(finding.document, finding.path, finding.on ?? 'value');
    this.add(finding.code, finding.severity ?? levelOf(finding.code), finding.message, span.start, span.end, finding.document);
  }

  add(code: string, level: Severity, message: string, start: number, end: number, document: YamlDocument): void {
    const a = positionAt(this.lineStarts(), start);
    const b = positionAt(this.lineStarts(), end);
    this.display ??= displayPath(this.uri);
    this.records.push({ code, level, message, file: this.display, line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1, ...resourceOf(document) });
  }
}

/** Records that need only the file itself: syntax problems, schema errors, webhook and CEL checks. */
export function fileRecords(yamlFile: YamlFile, meshConfig: MeshConfig): AnalyzeRecord[] {
  const text = yamlFile.text;
  const out = new FileRecords(yamlFile.uri, text);
  const disabled = parseDisableComments(text);
  for (const document of yamlFile.documents) {
    for (const problem of document.problems) out.add(problem.code, problem.severity, problem.message, document.offset + problem.start, document.offset + problem.end, document);
    for (const finding of validateDocument(yamlFile.uri, document)) {
      if (!isSuppressed(finding, document, disabled, () => out.lineStarts())) out.addFinding(finding);
    }
  }
  for (const finding of checkFileOnce(WEBHOOK_ANALYZERS, yamlFile.resources, text, meshConfig, disabled)) out.addFinding(finding);
  return out.records;
}

/** Records of the cross-resource analyzers over all files (same engine as the editor, batch mode). */
export function crossResourceRecords(files: Iterable<YamlFile>, meshConfig: MeshConfig): AnalyzeRecord[] {
  const engine = new WorkspaceAnalysis({ meshConfig, analyzers: CROSS_RESOURCE_ANALYZERS, oneShot: true });
  const byUri = new Map<string, YamlFile>();
  for (const yamlFile of files) {
    byUri.set(yamlFile.uri, yamlFile);
    engine.setFile(yamlFile.uri, yamlFile.resources, yamlFile.text);
  }
  const records: AnalyzeRecord[] = [];
  for (const [uri, findings] of engine.run().findings) {
    const yamlFile = byUri.get(uri);
    if (!yamlFile || findings.length === 0) continue;
    const out = new FileRecords(uri, yamlFile.text);
    for (const finding of findings) out.addFinding(finding);
    records.push(...out.records);
  }
  return records;
}

/** A total order (file, position, code, message, end), so that output never depends on the order of evaluation. */
export function compareRecords(a: AnalyzeRecord, b: AnalyzeRecord): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message) ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSuppressed(finding: Finding, document: YamlDocument, disabled: Map<number, Set<string>>, starts: () => number[]): boolean {
  const annotation = (document.value as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata?.annotations?.[SUPPRESS_ANNOTATION];
  if (typeof annotation === 'string' && annotation.split(',').map((c) => c.trim()).some((c) => c === '*' || c === finding.code)) return true;
  if (disabled.size === 0) return false;
  const line = positionAt(starts(), spanOf(document, finding.path, finding.on ?? 'value').start).line;
  const codes = disabled.get(line);
  return !!codes && (codes.has('*') || codes.has(finding.code));
}

export function levelOf(code: string): Severity {
  try {
    return catalogueEntry(code).level;
  } catch {
    return 'error';
  }
}

function resourceOf(document: YamlDocument): { resource?: AnalyzeRecord['resource'] } {
  const header = document.resource;
  if (!header) return {};
  return { resource: { kind: header.kind, ...(header.namespace !== undefined ? { namespace: header.namespace } : {}), name: header.name } };
}

/** The path as shown: relative to the working directory when the file is under it. */
export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolute;
}
