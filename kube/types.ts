// Purpose: plain data types shared by Meshwright's apply engine, its CLI and the VS Code commands.
// Everything here is JSON-friendly so the editor and the CLI can render the same report.

/** A Kubernetes object as parsed from YAML: plain JSON values only. */
export type KubeObject = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; [key: string]: unknown };
  [key: string]: unknown;
};

/** One YAML file (or selection) handed to the engine. `source` is only used in messages. */
export type SourceText = {
  source: string;
  text: string;
  /** 0-based line in the original file where `text` starts (for selections). */
  firstLine?: number;
};

export type ApplyMode = 'apply' | 'dry-run' | 'diff';

/** What happened (or, for dry-run and diff, what would happen) to one object. */
export type ObjectAction = 'created' | 'configured' | 'unchanged' | 'failed' | 'not-applied';

export type FailureKind =
  | 'parse'
  | 'invalid-document'
  | 'missing-kind'
  | 'namespace-mismatch'
  | 'forbidden'
  | 'unauthorized'
  | 'invalid'
  | 'unknown-field'
  | 'admission'
  | 'conflict'
  | 'not-found'
  | 'timeout'
  | 'unreachable'
  | 'tls'
  | 'credentials'
  | 'cancelled'
  | 'server';

export type FieldCause = {
  field?: string;
  message: string;
  /** For field-manager conflicts: the manager that owns the field. */
  manager?: string;
};

export type Failure = {
  kind: FailureKind;
  message: string;
  /** The HTTP status code, when the server answered. */
  status?: number;
  causes?: FieldCause[];
};

export type ObjectRow = {
  /** 1-based position in the input (all sources, in order). */
  position: number;
  source: string;
  /** 1-based document number inside its source. */
  documentNumber: number;
  /** 1-based line where the document starts. */
  line: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** True when the namespace was filled in by Meshwright (kubectl-style defaulting). */
  namespaceDefaulted: boolean;
  action: ObjectAction;
  /** For `not-applied` rows: why the object was not written. */
  reason?: string;
  failure?: Failure;
  /** For diff mode: masked YAML of the live object and of the server's dry-run result ('' when absent). */
  live?: string;
  proposed?: string;
  diff?: string;
};

export type ApplyOutcome = 'applied' | 'dry-run' | 'diff' | 'failed' | 'refused' | 'cancelled' | 'conflict';

export type ApplyResult = {
  mode: ApplyMode;
  outcome: ApplyOutcome;
  /** One human sentence summarising the run (no secrets). */
  summary: string;
  context?: string;
  server?: string;
  /** The namespace used for objects without one. */
  defaultNamespace?: string;
  rows: ObjectRow[];
  /** True if any object was written to the cluster in this run. */
  wroteAnything: boolean;
  /** Things the user should know even when everything worked (e.g. TLS verification is off). */
  warnings?: string[];
};

export type ProgressEvent = {
  phase: 'parse' | 'connect' | 'dry-run' | 'apply' | 'diff' | 'done';
  message: string;
  completed?: number;
  total?: number;
};

export type ApplyRequest = {
  /** Workspace trust as decided by the caller. When false the engine refuses before touching anything. */
  trusted: boolean;
  mode: ApplyMode;
  sources: SourceText[];
  /** Explicit kubeconfig file(s); otherwise KUBECONFIG, otherwise ~/.kube/config. */
  kubeconfigPaths?: string[];
  /** Context to use instead of the kubeconfig's current context. */
  context?: string;
  /** Target namespace chosen by the user (like `kubectl -n`). */
  namespace?: string;
  /** Take over conflicting fields. Only after an explicit user confirmation. */
  force?: boolean;
  signal?: AbortSignal;
  /** Per request time limit; default 30 s. */
  requestTimeoutMs?: number;
  /** Time limit for an exec credential plugin; default 120 s. */
  execTimeoutMs?: number;
  /** How many requests may be in flight at once; default 8. */
  concurrency?: number;
  onProgress?: (event: ProgressEvent) => void;
};
