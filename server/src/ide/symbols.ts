// Document symbols: one outline entry per Kubernetes resource ("VirtualService bookinfo/reviews").
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { spanOf, type YamlFile } from '../model/index.ts';
import { rangeOf } from './diagnostics.ts';

/** Most outline entries we return for one file (editors slow down with huge outlines). */
export const MAX_SYMBOLS = 10_000;

export function documentSymbols(file: YamlFile): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const resource of file.resources) {
    if (symbols.length >= MAX_SYMBOLS) break;
    const document = resource.document;
    const range = rangeOf(file, { start: document.offset, end: document.offset + document.length });
    const nameSpan = resource.name ? spanOf(document, ['metadata', 'name']) : spanOf(document, ['kind']);
    const selection = rangeOf(file, nameSpan);
    const qualified = resource.namespace ? `${resource.namespace}/${resource.name}` : resource.name || '(unnamed)';
    symbols.push({
      name: `${resource.kind} ${qualified}`,
      detail: resource.apiVersion,
      kind: symbolKind(resource.kind),
      range,
      selectionRange: within(selection, range) ? selection : range,
    });
  }
  return symbols;
}

function within(inner: { start: { line: number } }, outer: { start: { line: number }; end: { line: number } }): boolean {
  return inner.start.line >= outer.start.line && inner.start.line <= outer.end.line;
}

function symbolKind(kind: string): SymbolKind {
  if (kind === 'Namespace') return SymbolKind.Namespace;
  if (kind === 'Service' || kind === 'ServiceEntry') return SymbolKind.Interface;
  if (kind.endsWith('Policy') || kind.endsWith('Authentication')) return SymbolKind.Key;
  if (kind.endsWith('Route') || kind === 'VirtualService') return SymbolKind.Event;
  if (kind === 'Gateway' || kind === 'GatewayClass') return SymbolKind.Module;
  return SymbolKind.Class;
}
