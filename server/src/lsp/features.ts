// Standard LSP features over the session: completion, hover, document symbols and quick fixes.
import type { CompletionItem, CompletionList, Connection } from 'vscode-languageserver';
import { pathAt, spanOf } from '../model/index.ts';
import { completionAt } from '../ide/completion.ts';
import { hoverAt } from '../ide/hover.ts';
import { documentSymbols } from '../ide/symbols.ts';
import { referenceCompletions } from '../ide/referenceCompletion.ts';
import { codeActionsFor } from '../ide/codeActions.ts';
import { formatYaml, selectionRanges } from '../ide/yamlLanguageService.ts';
import { definitionsAt } from '../ide/definition.ts';
import { rangeOf } from '../ide/diagnostics.ts';
import type { WorkspaceSession } from './session.ts';
import { guardRequest } from './guard.ts';

export function registerFeatureHandlers(connection: Connection, session: WorkspaceSession): void {
  connection.onCompletion(
    guardRequest(connection, 'completion', (params): CompletionList | null => {
      const file = session.getFile(params.textDocument.uri);
      if (!file) return null;
      const offset = file.offsetAt(params.position);
      const items: CompletionItem[] = completionAt(file, offset);
      // Cross-resource values (subsets, hosts, gateways) come from the workspace index.
      const document = file.documentAt(offset);
      const resource = document && file.resources.find((candidate) => candidate.document === document);
      if (resource && document) {
        const { path } = pathAt(document.root, offset - document.offset);
        const seen = new Set(items.map((item) => item.label));
        for (const item of referenceCompletions(session.index, resource, path)) if (!seen.has(item.label)) items.push(item);
      }
      return { isIncomplete: false, items };
    }),
  );

  connection.onHover(
    guardRequest(connection, 'hover', (params) => {
      const file = session.getFile(params.textDocument.uri);
      return file ? hoverAt(file, file.offsetAt(params.position)) : null;
    }),
  );

  connection.onDocumentSymbol(
    guardRequest(connection, 'documentSymbol', (params) => {
      const file = session.getFile(params.textDocument.uri);
      return file ? documentSymbols(file) : [];
    }),
  );

  connection.onDefinition(
    guardRequest(connection, 'definition', (params) => {
      const file = session.getFile(params.textDocument.uri);
      if (!file) return [];
      return definitionsAt(file, file.offsetAt(params.position), session.index).flatMap((target) => {
        const targetFile = session.getFile(target.resource.uri);
        return targetFile ? [{ uri: target.resource.uri, range: rangeOf(targetFile, spanOf(target.resource.document, target.path)) }] : [];
      });
    }),
  );

  connection.onDocumentFormatting(async (params) => {
    const file = session.getFile(params.textDocument.uri);
    return file ? formatYaml(params.textDocument.uri, file.text, params.options) : [];
  });

  connection.onSelectionRanges(async (params) => {
    const file = session.getFile(params.textDocument.uri);
    return file ? selectionRanges(params.textDocument.uri, file.text, params.positions) : [];
  });

  connection.onCodeAction(
    guardRequest(connection, 'codeAction', (params) => {
      const file = session.getFile(params.textDocument.uri);
      return file ? codeActionsFor(file, params.range, params.context.diagnostics, session.index, (uri) => session.getFile(uri)) : [];
    }),
  );
}
