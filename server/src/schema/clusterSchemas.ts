// Cluster-aware schemas: turns the Istio CRDs read from a kube context into a schema overlay, so validation,
// completion and hover follow the Istio version installed there instead of the bundled one. Pure: the CRDs
// arrive as data (the client reads them; see protocol/lsp.ts, `meshwright/clusterResources`).
import { objectMetaDefinitions, schemaOverlay, setSchemaOverlay, type KindInfo, type KindSchema, type SchemaOverlay } from './bundle.ts';
import { convertCrd, type CrdInput } from './crdConvert.ts';

/** A CRD as the client sends it: the conversion input plus the labels and annotations that name a version. */
export interface ClusterCrd extends CrdInput {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

const VERSION = /^v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?)$/;

/**
 * The Istio version a CRD was installed with, from its labels or annotations: `app.kubernetes.io/version`,
 * a Helm chart label such as `helm.sh/chart: base-1.27.3`, or `release` when it holds a version (in older
 * charts it holds the Helm release name instead). Undefined when none says.
 */
export function istioVersionOf(crd: Pick<ClusterCrd, 'labels' | 'annotations'>): string | undefined {
  for (const table of [crd.labels, crd.annotations]) {
    if (!table) continue;
    for (const key of ['app.kubernetes.io/version', 'release', 'istio.io/version', 'operator.istio.io/version']) {
      const match = VERSION.exec(table[key]?.trim() ?? '');
      if (match) return match[1];
    }
    const chart = /-v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?)$/.exec(table['helm.sh/chart'] ?? table.chart ?? '');
    if (chart) return chart[1];
  }
  return undefined;
}

/** The release text shown in hover and completion for a CRD read from `context`. */
export function clusterRelease(crd: Pick<ClusterCrd, 'labels' | 'annotations'>, context: string): string {
  const version = istioVersionOf(crd);
  return version ? `Istio ${version} (context "${context}")` : `Istio as installed in context "${context}"`;
}

/** How many overlays were made (part of their schema keys). */
let calls = 0;

/**
 * Converts the cluster's CRDs into an overlay. Schema keys are unique per call (`cluster.<call>.<n>`), so
 * validators compiled for an earlier snapshot are never reused by mistake. CRDs without any served schema
 * are skipped: the bundled schema then stays in use.
 */
export function clusterSchemaOverlay(crds: readonly ClusterCrd[], context: string): SchemaOverlay {
  const call = ++calls;
  const metaDefs = objectMetaDefinitions();
  const kinds: KindInfo[] = [];
  const schemas: Record<string, KindSchema> = {};
  const cel: Record<string, { rules: KindSchema['cel']; defaults: { path: string[]; value: unknown }[] }> = {};
  const versions = new Set<string>();
  for (const crd of crds) {
    if (!crd.versions.some((version) => version.served && version.schema && typeof version.schema === 'object')) continue;
    const source: KindInfo['source'] = crd.group.endsWith('istio.io') ? 'istio' : 'gateway-api';
    const release = clusterRelease(crd, context);
    const version = istioVersionOf(crd);
    if (version) versions.add(version);
    for (const converted of convertCrd(crd, { source, release, metaDefs })) {
      const id = `cluster.${call}.${kinds.length}`;
      schemas[id] = converted.schema;
      kinds.push({ ...converted.info, schema: id });
      cel[`${converted.info.group}/${converted.info.version}/${converted.info.kind}`] = { rules: converted.schema.cel, defaults: converted.celDefaults };
    }
  }
  const named = versions.size > 0 ? `Istio ${[...versions].sort().join(', ')}` : 'Istio CRDs';
  return { kinds, schemas, cel, description: `${named} from context "${context}"` };
}

/** The overlay this module set last and its input (context and CRDs as JSON): an identical snapshot changes nothing. */
let applied: { input: string | undefined; overlay: SchemaOverlay | undefined } = { input: undefined, overlay: undefined };

/**
 * Applies the CRDs of a cluster snapshot (or, with no CRDs or no context, goes back to the bundled schemas).
 * Returns how many served versions now come from the cluster, and whether the schemas changed (a refresh that
 * read the same CRDs again changes nothing, so nothing needs to be checked again).
 */
export function useClusterSchemas(context: string | undefined, crds: readonly ClusterCrd[] | undefined): { versions: number; changed: boolean } {
  const input = context && crds && crds.length > 0 ? JSON.stringify([context, crds]) : undefined;
  if (input === applied.input && schemaOverlay() === applied.overlay) return { versions: applied.overlay?.kinds.length ?? 0, changed: false };
  const overlay = input ? clusterSchemaOverlay(crds!, context!) : undefined;
  setSchemaOverlay(overlay);
  applied = { input, overlay: schemaOverlay() };
  return { versions: applied.overlay?.kinds.length ?? 0, changed: true };
}
