// Purpose: the public surface of Meshwright's apply engine (no VS Code dependency): apply, dry-run and diff,
// kubeconfig inspection, cluster reads for cluster-aware analysis, and report rendering.

export { runApply, FIELD_MANAGER, UNTRUSTED_MESSAGE } from './apply.ts';
export { readClusterSnapshot } from './cluster-reads.ts';
export type { ClusterSnapshot, ClusterReadRequest, ServiceSummary, ServiceEntrySummary, GatewaySummary, CrdSchema, ObjectRef } from './cluster-reads.ts';
export { summarizeKubeconfig, kubeconfigFiles, KubeconfigError } from './kubeconfig.ts';
export type { KubeconfigSummary, ContextSummary } from './kubeconfig.ts';
export { clearExecCredentialCache } from './exec-credentials.ts';
export { formatReport, actionLabel } from './report.ts';
export type * from './types.ts';
