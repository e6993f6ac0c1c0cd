// Purpose: turn YAML sources into the list of objects to apply, remembering where each came from
// (source, document number, line). Empty documents are skipped; `kind: List` is expanded like kubectl does.
// The parsed objects are private copies: callers' data is never mutated.

import { LineCounter, parseAllDocuments } from 'yaml';
import type { Failure, KubeObject, SourceText } from './types.ts';

export type ParsedObject = {
  position: number;
  source: string;
  documentNumber: number;
  line: number;
  object: KubeObject;
  apiVersion: string;
  kind: string;
  name: string;
  /** The namespace written in the document, if any. */
  namespace?: string;
  /** A problem found before contacting the cluster. */
  problem?: Failure;
};

const MAX_NESTING = 256;

/** Reject absurdly deep flow/block nesting before the YAML parser sees it (protects the process). */
function nestingTooDeep(text: string): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x5b || char === 0x7b) {
      depth++;
      if (depth > MAX_NESTING) return true;
    } else if ((char === 0x5d || char === 0x7d) && depth > 0) depth--;
  }
  return false;
}

export function parseSources(sources: SourceText[]): ParsedObject[] {
  const parsed: ParsedObject[] = [];
  for (const source of sources) {
    const firstLine = source.firstLine ?? 0;
    if (nestingTooDeep(source.text)) {
      parsed.push(problemRow(parsed.length + 1, source.source, 1, firstLine + 1, 'parse', `The YAML nests deeper than ${MAX_NESTING} levels; refusing to parse it.`));
      continue;
    }
    const lineCounter = new LineCounter();
    const documents = parseAllDocuments(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (!Array.isArray(documents)) continue; // an empty stream
    documents.forEach((document, index) => {
      const documentNumber = index + 1;
      const offset = document.contents?.range?.[0] ?? document.range[0];
      const line = lineCounter.linePos(offset).line + firstLine;
      if (document.errors.length > 0) {
        const first = document.errors[0]!;
        const errorLine = lineCounter.linePos(first.pos[0]).line + firstLine;
        parsed.push(problemRow(parsed.length + 1, source.source, documentNumber, errorLine, 'parse', `YAML error: ${first.message.split('\n')[0]}`));
        return;
      }
      let value: unknown;
      try {
        value = document.toJS({ maxAliasCount: 100 });
      } catch (error) {
        parsed.push(problemRow(parsed.length + 1, source.source, documentNumber, line, 'parse', `YAML error: ${(error as Error).message}`));
        return;
      }
      if (value === null || value === undefined) return;
      const objects = isList(value) ? (value.items as unknown[]) : [value];
      for (const item of objects) parsed.push(describeObject(parsed.length + 1, source.source, documentNumber, line, item));
    });
  }
  return parsed;
}

function isList(value: unknown): value is { items: unknown[] } {
  const object = value as KubeObject;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof object.kind === 'string' &&
    object.kind.endsWith('List') &&
    object.apiVersion === 'v1' &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

function problemRow(position: number, source: string, documentNumber: number, line: number, kind: Failure['kind'], message: string): ParsedObject {
  return { position, source, documentNumber, line, object: {}, apiVersion: '', kind: '', name: '', problem: { kind, message } };
}

function describeObject(position: number, source: string, documentNumber: number, line: number, value: unknown): ParsedObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return problemRow(position, source, documentNumber, line, 'invalid-document', 'The document is not a Kubernetes object (expected a mapping).');
  }
  const object = structuredClone(value) as KubeObject;
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const metadata = object.metadata;
  const name = metadata && typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = metadata && typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  const row: ParsedObject = { position, source, documentNumber, line, object, apiVersion, kind, name, namespace };
  if (!apiVersion || !kind) {
    row.problem = { kind: 'invalid-document', message: 'The document has no apiVersion or kind.' };
  } else if (!name) {
    row.problem = {
      kind: 'invalid-document',
      message: metadata && 'generateName' in metadata ? 'metadata.generateName is not supported by apply; set metadata.name.' : 'The object has no metadata.name.',
    };
  }
  return row;
}
