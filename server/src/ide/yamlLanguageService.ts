// The one place where yaml-language-server is used: its YAML-level services that need no schema —
// formatting (prettier's YAML printer) and selection ranges. Schema work (validation, completion, hover)
// stays in Meshwright's own incremental pipeline, which is what keeps edits fast on large files.
import type { LanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, SelectionRange, TextEdit } from 'vscode-languageserver-types';

let service: LanguageService | undefined;

/** Loaded on first use: yaml-language-server and prettier cost memory that most sessions never need. */
async function yamlService(): Promise<LanguageService> {
  if (!service) {
    const { getLanguageService } = await import('yaml-language-server');
    service = getLanguageService({
      // Never fetch schemas: Meshwright does not give yaml-language-server any.
      schemaRequestService: (uri: string) => Promise.reject(new Error(`no schema fetching (${uri})`)),
      workspaceContext: { resolveRelativePath: (relativePath: string) => relativePath },
    });
    service.configure({ validate: false, hover: false, completion: false, format: true, isKubernetes: false, customTags: [] });
  }
  return service;
}

export interface FormattingOptions {
  readonly tabSize: number;
  readonly insertSpaces: boolean;
  readonly printWidth?: number;
}

/** Formats a whole YAML file; returns no edits when the text cannot be parsed. */
export async function formatYaml(uri: string, text: string, options: FormattingOptions): Promise<TextEdit[]> {
  const document = TextDocument.create(uri, 'yaml', 0, text);
  try {
    return await (await yamlService()).doFormat(document, { enable: true, printWidth: options.printWidth ?? 120, singleQuote: false, bracketSpacing: true, proseWrap: 'preserve' });
  } catch {
    return [];
  }
}

/** Expanding selection (the editor's "Expand Selection") over the YAML structure. */
export async function selectionRanges(uri: string, text: string, positions: Position[]): Promise<SelectionRange[]> {
  const document = TextDocument.create(uri, 'yaml', 0, text);
  return (await yamlService()).getSelectionRanges(document, positions);
}
