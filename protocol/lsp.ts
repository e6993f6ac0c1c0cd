// Meshwright's custom LSP methods (everything else is standard LSP). Each entry says its direction and what
// triggers it. Payload types come from ./webview.ts so the server, the client and the webviews agree.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { RouteSplit, SimulatedRequest, SimulationResult, TopologyModel, TopologyScope } from './webview.ts';

export type { RouteSplit, SimulatedRequest, SimulationResult, TopologyModel, TopologyScope };

/**
 * `meshwright/topology` — request, client → server. Sent when a topology panel opens, when its scope changes
 * (focus, filter, collapse) and after every `meshwright/topologyChanged`. Returns the graph, its mermaid text
 * and the source location of every node and edge (with LSP ranges filled in).
 */
export const TopologyRequest = new RequestType<TopologyScope, TopologyModel, void>('meshwright/topology');

/**
 * `meshwright/topologyChanged` — notification, server → client. Sent after each analysis round that followed
 * an edit (at most one per round, so a panel refreshes within a few milliseconds of the diagnostics).
 */
export interface TopologyChangedParams {
  /** Files whose resources changed in this round (empty when unknown). */
  uris: string[];
}
export const TopologyChangedNotification = new NotificationType<TopologyChangedParams>('meshwright/topologyChanged');

/**
 * `meshwright/trafficSplit` — request, client → server. Sent when the traffic panel opens or refreshes.
 * Returns every route split of the VirtualServices in `uri` (or of the whole workspace when omitted).
 */
export interface TrafficSplitParams {
  uri?: string;
}
export const TrafficSplitRequest = new RequestType<TrafficSplitParams, RouteSplit[], void>('meshwright/trafficSplit');

/**
 * `meshwright/simulateRequest` — request, client → server. Sent when the user runs the request simulator in the
 * traffic panel. Returns which VirtualService and HTTP route the request matches.
 */
export const SimulateRequest = new RequestType<SimulatedRequest, SimulationResult, void>('meshwright/simulateRequest');

/**
 * `meshwright/setRouteWeights` — request, client → server. Sent when the user moves a weight slider. The server
 * balances the weights to 100 and returns a WorkspaceEdit on the exact weight values, which the client applies
 * with `workspace.applyEdit` (a normal, undoable edit). Null when the route no longer exists.
 */
export interface SetRouteWeightsParams {
  routeId: string;
  weights: number[];
}
export const SetRouteWeightsRequest = new RequestType<SetRouteWeightsParams, WorkspaceEdit | null, void>('meshwright/setRouteWeights');

/**
 * `meshwright/status` — notification, server → client. Sent after each cross-resource analysis round (the
 * second phase of handling an edit) and after the workspace has been indexed. Clients may show it in a status
 * bar; tests use it to know that the diagnostics of a version are final.
 */
export interface StatusParams {
  /** 'indexing' while workspace files are being read, 'idle' when every published diagnostic is final. */
  state: 'indexing' | 'idle';
  /** Files whose diagnostics were (re)published in this round. */
  uris: string[];
  /** Resources known to the server, by kind. */
  resources: Record<string, number>;
  /** Start-up work (compiling validators ahead of use) is finished: later timings are steady-state. */
  warm: boolean;
}
export const StatusNotification = new NotificationType<StatusParams>('meshwright/status');

/**
 * `meshwright/clusterResources` — notification, client → server. Sent when cluster-aware analysis is on (setting
 * `meshwright.analysis.clusterAware`, trusted workspace only) after start-up, a context switch or a refresh;
 * and with no objects when it is turned off. The objects (Namespaces, Services, ServiceEntries, Gateways of the
 * current context) join the analysis index so references resolve against the cluster; objects the workspace
 * defines itself are taken from the workspace. The Istio CRDs, when sent, replace the bundled schemas of their
 * kinds, so validation, completion and hover follow the Istio version installed in the cluster. The server
 * never contacts a cluster itself.
 */
export interface ClusterResourcesParams {
  /** The kube context the objects come from (undefined: forget any cluster objects and CRD schemas). */
  context?: string;
  objects: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> }[];
  /** The Istio CRDs installed in the context (omitted or empty: use the bundled schemas). */
  crds?: ClusterCrd[];
}
export const ClusterResourcesNotification = new NotificationType<ClusterResourcesParams>('meshwright/clusterResources');

/** An installed CustomResourceDefinition, reduced to what schema conversion needs. */
export interface ClusterCrd {
  group: string;
  kind: string;
  plural?: string;
  /** 'Namespaced' or 'Cluster'. */
  scope?: string;
  /** The CRD's labels and (short) annotations: `app.kubernetes.io/version` and the like name the Istio release. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  versions: { name: string; served: boolean; storage: boolean; deprecated?: boolean; deprecationWarning?: string; /** The version's openAPIV3Schema. */ schema?: unknown }[];
}
