// Mesh-wide settings that change what some checks conclude (istioctl's --meshConfigFile), with Istio's defaults.

export interface MeshConfig {
  /** Istio's root namespace (mesh-wide policies live here). */
  readonly rootNamespace: string;
  /** The namespace the ingress gateway runs in (istioctl assumes a default ingress gateway there). */
  readonly istioNamespace: string;
  /** Default access-log providers (IST0157). */
  readonly defaultAccessLogProviders: readonly string[];
  /** DNS capture and auto-allocation of ServiceEntry addresses (IST0134). */
  readonly dnsCapture: boolean;
  readonly dnsAutoAllocate: boolean;
  /** Extension providers declared in mesh config (name → type). */
  readonly extensionProviders: ReadonlyMap<string, string>;
  /** The mesh's trust domain. */
  readonly trustDomain: string;
}

export const DEFAULT_MESH_CONFIG: MeshConfig = {
  rootNamespace: 'istio-system',
  istioNamespace: 'istio-system',
  defaultAccessLogProviders: [],
  dnsCapture: false,
  dnsAutoAllocate: false,
  extensionProviders: new Map(),
  trustDomain: 'cluster.local',
};
