// Which YAML files Meshwright takes responsibility for (pure: shared by the client and the tests).
// Used to tell Red Hat's YAML extension not to apply other schemas to those files (see docs/coexistence.md).

/** The schema URI we give the YAML extension for owned files; its content is an empty schema. */
export const OWNED_SCHEMA_URI = 'meshwright://schemas/owned-by-meshwright.json';

/** apiVersions whose documents Meshwright validates (Istio, Gateway API, and the core kinds beside them). */
const OWNED_API_VERSION = /^apiVersion:[ \t]*['"]?((networking|security|telemetry|extensions)\.istio\.io\/|gateway\.networking\.k8s\.io\/|v1\b|apps\/v1\b)/m;

/** Whether Meshwright takes responsibility for a YAML file's schema features. */
export function ownsYamlText(text: string): boolean {
  return OWNED_API_VERSION.test(text);
}

/** The contributor's answer for a file: our empty schema when we own it, otherwise none. */
export function schemaForYamlExtension(text: string | undefined): string | undefined {
  return text !== undefined && ownsYamlText(text) ? OWNED_SCHEMA_URI : undefined;
}
