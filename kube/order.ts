// Purpose: the order in which kinds are applied. Namespaces and CRDs go first, then Helm's well-known
// install order, then everything else (custom resources such as Istio kinds) last. Sorting is stable.

const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
];

const RANK = new Map(KIND_ORDER.map((kind, index) => [kind, index]));

/** Lower ranks are applied first. Unknown kinds share the last rank. */
export function kindRank(kind: string): number {
  return RANK.get(kind) ?? KIND_ORDER.length;
}

/** Kinds that must exist (and be ready) before the objects that depend on them are checked. */
export function isFoundationKind(kind: string): boolean {
  return kind === 'Namespace' || kind === 'CustomResourceDefinition';
}

export function sortByKind<T extends { kind: string; position: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.position - b.position);
}
