// Turns syntax problems and findings (object paths) into LSP diagnostics (text ranges) for one file.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver-types';
import { spanOf, type Finding, type Severity, type Span, type SyntaxProblem, type YamlDocument, type YamlFile } from '../model/index.ts';
import { catalogueEntry, docsAnchor } from '../analysis/catalogue.ts';

/** Where diagnostic codes are documented (codeDescription.href). */
export const DOCS_URL = 'https://github.com/meshwright/meshwright/blob/main/docs/diagnostics.md';

/** Resolves a URI to its open or indexed file, to locate related information in other files. */
export type FileLookup = (uri: string) => YamlFile | undefined;

export function rangeOf(file: YamlFile, span: Span): Range {
  return { start: file.positionAt(span.start), end: file.positionAt(span.end) };
}

export function severityOf(level: Severity): DiagnosticSeverity {
  switch (level) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    default:
      return DiagnosticSeverity.Hint;
  }
}

function base(code: string, severity: Severity | undefined): Pick<Diagnostic, 'code' | 'source' | 'severity' | 'codeDescription'> {
  const entry = catalogueEntry(code);
  return {
    code,
    source: 'meshwright',
    severity: severityOf(severity ?? entry.level),
    codeDescription: { href: `${DOCS_URL}${docsAnchor(code)}` },
  };
}

/** A parser problem of one YAML document. */
export function problemToDiagnostic(file: YamlFile, document: YamlDocument, problem: SyntaxProblem): Diagnostic {
  const span = { start: document.offset + problem.start, end: document.offset + problem.end };
  return { ...base(problem.code, problem.severity), range: rangeOf(file, span), message: problem.message };
}

/** A schema or analysis finding; related locations in other files are resolved through `lookup`. */
export function findingToDiagnostic(file: YamlFile, finding: Finding, lookup: FileLookup): Diagnostic {
  const diagnostic: Diagnostic = {
    ...base(finding.code, finding.severity),
    range: rangeOf(file, spanOf(finding.document, finding.path, finding.on ?? 'value')),
    message: finding.message,
  };
  if (finding.data) diagnostic.data = { ...finding.data, code: finding.code, path: finding.path };
  else diagnostic.data = { code: finding.code, path: finding.path };
  if (finding.related?.length) {
    const related: DiagnosticRelatedInformation[] = [];
    for (const location of finding.related) {
      const other = location.uri === file.uri ? file : lookup(location.uri);
      if (!other) continue;
      related.push({
        location: { uri: location.uri, range: rangeOf(other, spanOf(location.document, location.path, 'value')) },
        message: location.message,
      });
    }
    if (related.length) diagnostic.relatedInformation = related;
  }
  return diagnostic;
}

/** The informational note for files too large to analyze. */
export function tooLargeDiagnostic(): Diagnostic {
  return {
    ...base('MW0002', 'info'),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    message: 'This file is larger than 16 MiB and is not analyzed. Split it into smaller files to get diagnostics.',
  };
}

/** Top-level apiVersion and kind lines: a document that tries to be a Kubernetes object even if unreadable. */
const LOOKS_LIKE_OBJECT = /^apiVersion:.*\n(?:.*\n)*?kind:|^kind:.*\n(?:.*\n)*?apiVersion:/m;

/**
 * Whether a file holds anything Meshwright analyzes. Files without Kubernetes objects are left alone; a
 * document refused by a guard (too deep, unreadable) still counts when its top-level lines name apiVersion and kind.
 */
export function holdsResources(file: YamlFile): boolean {
  return (
    file.tooLarge ||
    file.documents.some((document) => document.resource !== null || (document.problems.length > 0 && LOOKS_LIKE_OBJECT.test(document.text)))
  );
}
