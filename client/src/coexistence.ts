// Coexistence with Red Hat's YAML extension (redhat.vscode-yaml): for files Meshwright owns, we hand its
// language server an empty schema through its schema-contributor API, so it neither validates nor completes
// those documents with another schema; Meshwright reports YAML syntax errors only when that extension is absent.
// Design and trade-offs: docs/coexistence.md.
import * as vscode from 'vscode';

import { OWNED_SCHEMA_URI, schemaForYamlExtension } from './ownership.ts';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';

interface YamlExtensionApi {
  registerContributor(
    schema: string,
    requestSchema: (resource: string) => string | undefined,
    requestSchemaContent: (uri: string) => string | undefined,
    label?: string,
  ): boolean;
}

/** Registers the contributor when the YAML extension is installed; returns whether it is active. */
export async function coexistWithYamlExtension(): Promise<boolean> {
  const extension = vscode.extensions.getExtension<YamlExtensionApi>(YAML_EXTENSION_ID);
  if (!extension) return false;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    api?.registerContributor?.(
      'meshwright',
      (resource) => schemaForYamlExtension(vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === resource)?.getText()),
      (uri) => (uri === OWNED_SCHEMA_URI ? '{}' : undefined),
      'Meshwright (Istio)',
    );
    return true;
  } catch {
    // The YAML extension failed to activate: behave as if it were absent.
    return false;
  }
}
