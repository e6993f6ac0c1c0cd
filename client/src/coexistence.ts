// Coexistence with Red Hat's YAML extension (redhat.vscode-yaml): for files Meshwright owns, we hand its
// language server an empty schema through its schema-contributor API, so it neither validates nor completes
// those documents with another schema; Meshwright reports YAML syntax errors only when that extension is absent.
// Design and trade-offs: docs/coexistence.md.
import * as vscode from 'vscode';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
/** The schema URI we give the YAML extension for owned files; its content is an empty schema. */
export const OWNED_SCHEMA_URI = 'meshwright://schemas/owned-by-meshwright.json';

/** apiVersions whose documents Meshwright validates (Istio, Gateway API, and the core kinds beside them). */
const OWNED_API_VERSION = /^apiVersion:[ \t]*['"]?((networking|security|telemetry|extensions)\.istio\.io\/|gateway\.networking\.k8s\.io\/|v1\b|apps\/v1\b)/m;

/** Whether Meshwright takes responsibility for a YAML file's schema features. */
export function ownsYamlText(text: string): boolean {
  return OWNED_API_VERSION.test(text);
}

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
      (resource) => {
        const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === resource);
        return document && ownsYamlText(document.getText()) ? OWNED_SCHEMA_URI : undefined;
      },
      (uri) => (uri === OWNED_SCHEMA_URI ? '{}' : undefined),
      'Meshwright (Istio)',
    );
    return true;
  } catch {
    // The YAML extension failed to activate: behave as if it were absent.
    return false;
  }
}
