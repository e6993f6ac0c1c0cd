// Purpose: Meshwright's apply engine (no VS Code dependency). Parse every document, resolve kinds and
// namespaces, server-side dry-run *every* object (field manager "meshwright", fieldValidation=Strict), and only
// when all pass apply for real in dependency order. Produces one report row per object. Also powers dry-run
// and diff. Conflicts are never forced unless the caller says so after asking the user.

import { describeServerError } from './errors.ts';
import { Discovery, DiscoveryError, objectPath, splitApiVersion, type ResourceInfo } from './discovery.ts';
import { maskSecretPair, stripForDiff, toYaml, unifiedDiff } from './diff.ts';
import { parseSources, type ParsedObject } from './documents.ts';
import { KubeconfigError, resolveConnection } from './kubeconfig.ts';
import { isFoundationKind, kindRank, sortByKind } from './order.ts';
import { SecretScrubber, isSecret } from './redact.ts';
import { KubeClient, TransportError } from './transport.ts';
import { actionLabel } from './report.ts';
import type { ApplyMode, ApplyRequest, ApplyResult, Failure, KubeObject, ObjectRow, ProgressEvent } from './types.ts';

export const FIELD_MANAGER = 'meshwright';

export const UNTRUSTED_MESSAGE =
  'Meshwright does not read kubeconfig files or contact clusters from an untrusted workspace. Trust the workspace to apply, dry-run or diff.';

/** Per-object working state during one run. */
type Work = {
  parsed: ParsedObject;
  row: ObjectRow;
  /** Private copy of the object that is sent (namespace filled in when defaulted). */
  body: KubeObject;
  info?: ResourceInfo;
  /** Why the server check waits until the apply phase (namespace or CRD created by this same run). */
  deferredBecause?: string;
  live?: KubeObject;
  liveKnown: boolean;
  /** The object's resourceVersion before this run, when it existed. */
  previousResourceVersion?: string;
  predicted?: KubeObject;
};

class Cancelled extends Error {}

export async function runApply(request: ApplyRequest): Promise<ApplyResult> {
  const mode = request.mode;
  // Trust is checked before anything else: no kubeconfig read, no process, no socket.
  if (!request.trusted) {
    return { mode, outcome: 'refused', summary: UNTRUSTED_MESSAGE, rows: [], wroteAnything: false };
  }
  const progress = (event: ProgressEvent) => request.onProgress?.(event);
  const scrubber = new SecretScrubber();
  const signal = request.signal;

  progress({ phase: 'parse', message: 'Reading documents' });
  const parsed = parseSources(request.sources);
  const work: Work[] = parsed.map((item) => {
    scrubber.addSecretObject(item.object);
    return {
      parsed: item,
      body: item.object,
      liveKnown: false,
      row: {
        position: item.position,
        source: item.source,
        documentNumber: item.documentNumber,
        line: item.line,
        apiVersion: item.apiVersion,
        kind: item.kind,
        name: item.name,
        namespace: item.namespace,
        namespaceDefaulted: false,
        action: item.problem ? 'failed' : 'not-applied',
        ...(item.problem ? { failure: item.problem } : {}),
      },
    };
  });
  if (work.length === 0) {
    return { mode, outcome: 'failed', summary: 'No Kubernetes objects found in the input.', rows: [], wroteAnything: false };
  }

  let client: KubeClient | undefined;
  const finish = (result: Omit<ApplyResult, 'mode' | 'rows'> & { rows?: ObjectRow[] }): ApplyResult => {
    client?.close();
    const rows = (result.rows ?? work.map((item) => item.row)).map((row) => scrubRow(row, scrubber));
    progress({ phase: 'done', message: scrubber.scrub(result.summary) });
    return { mode, ...result, summary: scrubber.scrub(result.summary), rows };
  };
  /** End the run before anything was written: every row that did not fail is "not applied". */
  const stopAll = (summary: string, outcome: ApplyResult['outcome'] = 'failed') => {
    for (const item of work) {
      if (item.row.action !== 'failed') {
        item.row.action = 'not-applied';
        item.row.reason = summary;
      }
    }
    return finish({ outcome, summary, wroteAnything: false });
  };

  // ---- connect ----
  progress({ phase: 'connect', message: 'Reading kubeconfig' });
  let context: string;
  try {
    const settings = await resolveConnection(request.kubeconfigPaths, request.context);
    context = settings.contextName;
    client = new KubeClient(settings, {
      requestTimeoutMs: request.requestTimeoutMs,
      execTimeoutMs: request.execTimeoutMs,
      concurrency: request.concurrency,
      scrubber,
    });
  } catch (error) {
    if (error instanceof KubeconfigError || error instanceof TransportError) return stopAll(error.message);
    return stopAll(`The kubeconfig could not be used: ${(error as Error).message}`);
  }
  const defaultNamespace = request.namespace || client.settings.namespace || 'default';
  const warnings = client.settings.skipTlsVerify
    ? [`TLS verification is off for context "${context}" (insecure-skip-tls-verify in the kubeconfig): the server's identity is not checked.`]
    : [];
  const header = { context, server: client.settings.server, defaultNamespace, ...(warnings.length > 0 ? { warnings } : {}) };
  const discovery = new Discovery(client);
  const concurrency = Math.max(1, request.concurrency ?? 8);

  try {
    progress({ phase: 'connect', message: `Connecting to ${client.where}` });
    await client.prepare(signal);

    // ---- resolve kinds and namespaces ----
    const creates = batchFoundations(work);
    await forEachLimited(
      work.filter((item) => !item.row.failure),
      concurrency,
      signal,
      async (item) => {
        await resolveKind(item, discovery, client!, creates, context, signal);
        if (item.info) applyNamespaceRules(item, request.namespace, defaultNamespace);
      },
    );

    // ---- phase 1: dry-run every object ----
    const checkable = work.filter((item) => !item.row.failure && !item.deferredBecause);
    let checked = 0;
    progress({ phase: 'dry-run', message: 'Dry-run on the server', completed: 0, total: checkable.length });
    await forEachLimited(checkable, concurrency, signal, async (item) => {
      await preflight(item, client!, creates, signal, { readLiveFirst: mode !== 'apply', wantDiff: mode === 'diff', force: request.force });
      checked++;
      progress({ phase: 'dry-run', message: 'Dry-run on the server', completed: checked, total: checkable.length });
    });
    for (const item of work.filter((entry) => entry.deferredBecause && !entry.row.failure)) {
      item.row.action = 'created';
      item.row.reason = item.deferredBecause;
      if (mode === 'diff') fillDiff(item, undefined, stripForDiff(item.body), scrubber);
    }

    const failed = work.filter((item) => item.row.failure);
    if (failed.length > 0) {
      const onlyConflicts = failed.every((item) => item.row.failure?.kind === 'conflict');
      const summary = `${failed.length} of ${work.length} object(s) failed the server dry-run in context "${context}"; nothing was written.`;
      if (mode === 'apply') {
        for (const item of work) {
          if (!item.row.failure) {
            item.row.action = 'not-applied';
            item.row.reason = 'Not applied: another object failed the server dry-run.';
          }
        }
      }
      return finish({ ...header, outcome: onlyConflicts ? 'conflict' : 'failed', summary, wroteAnything: false });
    }
    if (mode !== 'apply') {
      const counts = countActions(work.map((item) => item.row), mode);
      return finish({
        ...header,
        outcome: mode === 'diff' ? 'diff' : 'dry-run',
        summary: `Server dry-run in context "${context}" passed for all ${work.length} object(s): ${counts}. Nothing was written.`,
        wroteAnything: false,
      });
    }

    // ---- phase 2: the real apply, in order ----
    return await applyForReal(work, client, discovery, concurrency, request, header, finish, progress);
  } catch (error) {
    if (error instanceof Cancelled || signal?.aborted) {
      return stopAll(`Cancelled before anything was written in context "${context}".`, 'cancelled');
    }
    if (error instanceof TransportError || error instanceof DiscoveryError) {
      return stopAll(error.message, error instanceof TransportError && error.kind === 'cancelled' ? 'cancelled' : 'failed');
    }
    throw error;
  }
}

type Foundations = { namespaces: Set<string>; crdKinds: Set<string> };

/** Namespaces and CRD kinds that this same input creates. */
function batchFoundations(work: Work[]): Foundations {
  const namespaces = new Set<string>();
  const crdKinds = new Set<string>();
  for (const item of work) {
    if (item.row.failure) continue;
    if (item.parsed.kind === 'Namespace' && item.parsed.apiVersion === 'v1') namespaces.add(item.parsed.name);
    if (item.parsed.kind === 'CustomResourceDefinition') {
      const spec = (item.body.spec ?? {}) as { group?: string; names?: { kind?: string } };
      if (spec.group && spec.names?.kind) crdKinds.add(`${spec.group}/${spec.names.kind}`);
    }
  }
  return { namespaces, crdKinds };
}

async function resolveKind(item: Work, discovery: Discovery, client: KubeClient, creates: Foundations, context: string, signal?: AbortSignal) {
  const { apiVersion, kind } = item.parsed;
  const info = await discovery.resolve(apiVersion, kind, signal);
  if (info) {
    item.info = info;
    return;
  }
  const [group] = splitApiVersion(apiVersion);
  if (creates.crdKinds.has(`${group}/${kind}`)) {
    item.deferredBecause = `Its CustomResourceDefinition is created by this apply; the server checks it once the CRD is established.`;
    return;
  }
  item.row.action = 'failed';
  item.row.failure = { kind: 'missing-kind', message: await missingKindMessage(apiVersion, kind, group, client, context, signal) };
}

async function missingKindMessage(apiVersion: string, kind: string, group: string, client: KubeClient, context: string, signal?: AbortSignal): Promise<string> {
  let servedVersions: string[] = [];
  if (group !== '') {
    const response = await client.request('GET', `/apis/${group}`, { signal });
    if (response.status === 200) {
      servedVersions = ((response.json as { versions?: { version: string }[] }).versions ?? []).map((entry) => entry.version);
    }
  }
  if (servedVersions.length > 0) {
    return `Context "${context}" serves ${group} only as ${servedVersions.join(', ')}; ${kind} ${apiVersion} is not available there. The installed CRDs are a different version than your file expects.`;
  }
  if (group.endsWith('istio.io')) {
    return `Istio is not installed in context "${context}": the cluster does not serve ${kind} (${apiVersion}). Install Istio's CRDs or switch context.`;
  }
  if (group === 'gateway.networking.k8s.io') {
    return `The Gateway API is not installed in context "${context}": the cluster does not serve ${kind} (${apiVersion}). Install the Gateway API CRDs or switch context.`;
  }
  return `Context "${context}" does not serve ${kind} (${apiVersion}). Is its CustomResourceDefinition installed?`;
}

/** kubectl's namespace rules: fill in the default for namespaced kinds; a conflicting explicit namespace is an error. */
function applyNamespaceRules(item: Work, chosenNamespace: string | undefined, defaultNamespace: string) {
  if (!item.info?.namespaced) {
    item.row.namespace = undefined;
    return;
  }
  const written = item.parsed.namespace;
  if (written && chosenNamespace && written !== chosenNamespace) {
    item.row.action = 'failed';
    item.row.failure = {
      kind: 'namespace-mismatch',
      message: `The object says namespace "${written}" but the target namespace is "${chosenNamespace}". Meshwright never rewrites a namespace: fix the file or choose namespace "${written}".`,
    };
    return;
  }
  if (!written) {
    item.body = structuredClone(item.body);
    item.body.metadata = { ...(item.body.metadata ?? {}), namespace: defaultNamespace };
    item.row.namespace = defaultNamespace;
    item.row.namespaceDefaulted = true;
  } else {
    item.row.namespace = written;
  }
}

function applyQuery(dryRun: boolean, force: boolean | undefined): Record<string, string | undefined> {
  return {
    fieldManager: FIELD_MANAGER,
    fieldValidation: 'Strict',
    dryRun: dryRun ? 'All' : undefined,
    force: force ? 'true' : undefined,
  };
}

function sendApply(client: KubeClient, item: Work, dryRun: boolean, force: boolean | undefined, signal?: AbortSignal) {
  return client.request('PATCH', objectPath(item.info!, item.row.namespace, item.parsed.name), {
    query: applyQuery(dryRun, force),
    // JSON is valid YAML: the bytes are exactly the parsed document (plus a defaulted namespace).
    body: JSON.stringify(item.body),
    contentType: 'application/apply-patch+yaml',
    signal,
  });
}

function objectLabel(item: Work): string {
  return `${item.parsed.kind} ${item.row.namespace ? `${item.row.namespace}/` : ''}${item.parsed.name}`;
}

async function readLive(item: Work, client: KubeClient, signal?: AbortSignal): Promise<Failure | undefined> {
  const response = await client.request('GET', objectPath(item.info!, item.row.namespace, item.parsed.name), { signal });
  if (response.status === 200) {
    item.live = response.json as KubeObject;
    item.liveKnown = true;
    if (isSecret(item.live)) client.scrubber.addSecretObject(item.live);
    return undefined;
  }
  if (response.status === 404) {
    item.live = undefined;
    item.liveKnown = true;
    return undefined;
  }
  if (response.status === 403) {
    item.liveKnown = false; // may still be allowed to apply; the dry-run decides.
    return undefined;
  }
  return describeServerError(response.status, response.json, response.text, client.where, `read ${objectLabel(item)}`);
}

/**
 * Server dry-run of one object. With `readLiveFirst` the live object is fetched too, which lets dry-run and diff
 * tell "unchanged" from "configured". The apply path skips that read: a dry-run answer without a resourceVersion
 * means "would create", and its resourceVersion is the live one, which the real apply's answer is compared with.
 */
async function preflight(
  item: Work,
  client: KubeClient,
  creates: Foundations,
  signal: AbortSignal | undefined,
  options: { readLiveFirst: boolean; wantDiff: boolean; force?: boolean },
) {
  if (options.readLiveFirst) {
    const readFailure = await readLive(item, client, signal);
    if (readFailure) {
      item.row.action = 'failed';
      item.row.failure = readFailure;
      return;
    }
  }
  const response = await sendApply(client, item, true, options.force, signal);
  if (response.status >= 300) {
    if (response.status === 404 && item.row.namespace && creates.namespaces.has(item.row.namespace) && !item.live) {
      item.deferredBecause = `Its namespace "${item.row.namespace}" is created by this apply; the server checks it once the namespace exists.`;
      return;
    }
    item.row.action = 'failed';
    item.row.failure = describeServerError(response.status, response.json, response.text, client.where, `apply ${objectLabel(item)}`);
    return;
  }
  item.predicted = response.json as KubeObject;
  if (isSecret(item.predicted)) client.scrubber.addSecretObject(item.predicted);
  const dryRunVersion = item.predicted.metadata?.resourceVersion;
  item.previousResourceVersion = typeof dryRunVersion === 'string' && dryRunVersion !== '' ? dryRunVersion : undefined;
  if (!options.readLiveFirst) {
    item.row.action = item.previousResourceVersion ? 'configured' : 'created';
  } else {
    item.row.action = !item.liveKnown ? 'configured' : !item.live ? 'created' : sameObject(item.live, item.predicted) ? 'unchanged' : 'configured';
  }
  if (options.wantDiff) fillDiff(item, stripForDiff(item.live), stripForDiff(item.predicted), client.scrubber);
}

function fillDiff(item: Work, live: KubeObject | undefined, proposed: KubeObject | undefined, scrubber: SecretScrubber) {
  const [maskedLive, maskedProposed] = maskSecretPair(live, proposed);
  const label = `${item.parsed.kind}/${item.row.namespace ? `${item.row.namespace}/` : ''}${item.parsed.name}`;
  item.row.live = scrubber.scrub(toYaml(maskedLive));
  item.row.proposed = scrubber.scrub(toYaml(maskedProposed));
  item.row.diff = unifiedDiff(item.row.live, item.row.proposed, `live/${label}`, `dry-run/${label}`);
}

/** Equal apart from bookkeeping that a no-op write would not change (timestamps of managed fields). */
function sameObject(live: KubeObject, predicted: KubeObject): boolean {
  const normalize = (object: KubeObject) => {
    const copy = structuredClone(object) as KubeObject;
    const metadata = copy.metadata as Record<string, unknown> | undefined;
    if (metadata) {
      delete metadata.resourceVersion;
      delete metadata.generation;
      const managed = metadata.managedFields as { time?: string }[] | undefined;
      if (Array.isArray(managed)) for (const entry of managed) delete entry.time;
    }
    return JSON.stringify(sortKeys(copy));
  };
  return normalize(live) === normalize(predicted);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

async function applyForReal(
  work: Work[],
  client: KubeClient,
  discovery: Discovery,
  concurrency: number,
  request: ApplyRequest,
  header: { context: string; server: string; defaultNamespace: string; warnings?: string[] },
  finish: (result: Omit<ApplyResult, 'mode' | 'rows'>) => ApplyResult,
  progress: (event: ProgressEvent) => void,
): Promise<ApplyResult> {
  const signal = request.signal;
  const ordered = sortByKind(work.map((item) => ({ kind: item.parsed.kind, position: item.parsed.position, item }))).map((entry) => entry.item);
  const total = ordered.length;
  let completed = 0;
  let wroteAnything = false;
  let stopReason: string | undefined;
  let failedItem: Work | undefined;
  const attempted = new Set<Work>();

  const applyOne = async (item: Work) => {
    if (stopReason) return;
    if (signal?.aborted) {
      stopReason = 'cancelled';
      return;
    }
    attempted.add(item);
    if (item.row.action === 'unchanged' && !request.force) {
      completed++;
      progress({ phase: 'apply', message: 'Applying', completed, total });
      return; // the dry-run proved a write would be a no-op
    }
    let response;
    try {
      response = await sendApply(client, item, false, request.force, signal);
    } catch (error) {
      if (error instanceof TransportError) {
        item.row.action = 'failed';
        item.row.failure = { kind: error.kind, message: `${error.message} The outcome of this write is unknown; check the cluster.` };
        stopReason = error.kind === 'cancelled' ? 'cancelled' : 'failed';
        failedItem = item;
        return;
      }
      throw error;
    }
    if (response.status >= 300) {
      item.row.action = 'failed';
      item.row.failure = describeServerError(response.status, response.json, response.text, client.where, `apply ${objectLabel(item)}`);
      stopReason = 'failed';
      failedItem = item;
      return;
    }
    wroteAnything = true;
    const result = response.json as KubeObject;
    const before = item.previousResourceVersion;
    item.row.action =
      response.status === 201 || before === undefined ? 'created' : before === result.metadata?.resourceVersion ? 'unchanged' : 'configured';
    item.row.reason = undefined;
    completed++;
    progress({ phase: 'apply', message: 'Applying', completed, total });
  };

  // Foundations (Namespaces, CRDs) first, then one group per kind rank; objects in a group go in parallel.
  const groups = new Map<number, Work[]>();
  for (const item of ordered) {
    const rank = isFoundationKind(item.parsed.kind) ? -1 : item.deferredBecause ? Number.MAX_SAFE_INTEGER : kindRank(item.parsed.kind);
    groups.set(rank, [...(groups.get(rank) ?? []), item]);
  }
  const ranks = [...groups.keys()].sort((a, b) => a - b);
  let stopMessage: string | undefined;
  for (const rank of ranks) {
    const group = groups.get(rank)!;
    try {
      if (rank === Number.MAX_SAFE_INTEGER) {
        const failure = await checkDeferred(group, client, discovery, request.force, signal);
        if (failure) {
          stopReason = 'failed';
          failedItem = failure;
          break;
        }
      }
      await forEachLimited(group, concurrency, undefined, applyOne);
      if (stopReason) break;
      if (rank === -1) await waitForFoundations(group, client, signal);
    } catch (error) {
      if (!(error instanceof TransportError || error instanceof Cancelled || error instanceof DiscoveryError)) throw error;
      stopReason = signal?.aborted || error instanceof Cancelled ? 'cancelled' : 'failed';
      stopMessage = error.message;
      break;
    }
  }

  if (stopReason) {
    const reason =
      stopReason === 'cancelled' ? 'Not applied: cancelled.' : failedItem ? `Not applied: stopped after ${objectLabel(failedItem)} failed.` : `Not applied: ${stopMessage}`;
    for (const item of work) {
      if (!attempted.has(item) && item.row.action !== 'failed') {
        item.row.action = 'not-applied';
        item.row.reason = reason;
      }
    }
  }
  const counts = countActions(work.map((item) => item.row));
  if (stopReason === 'cancelled') {
    return finish({ ...header, outcome: 'cancelled', summary: `Cancelled during apply in context "${header.context}": ${counts}.`, wroteAnything });
  }
  if (stopReason) {
    return finish({
      ...header,
      outcome: 'failed',
      summary: `Apply stopped in context "${header.context}" ${failedItem ? `after ${objectLabel(failedItem)} failed` : `(${stopMessage})`}: ${counts}. Nothing was rolled back.`,
      wroteAnything,
    });
  }
  return finish({ ...header, outcome: 'applied', summary: `Applied ${work.length} object(s) in context "${header.context}": ${counts}.`, wroteAnything });
}

/** Dry-run the objects that had to wait for their namespace or CRD; returns the first failure. */
async function checkDeferred(group: Work[], client: KubeClient, discovery: Discovery, force: boolean | undefined, signal?: AbortSignal): Promise<Work | undefined> {
  discovery.forget();
  for (const item of group) {
    if (!item.info) {
      const info = await discovery.resolve(item.parsed.apiVersion, item.parsed.kind, signal);
      if (!info) {
        item.row.action = 'failed';
        item.row.failure = { kind: 'missing-kind', message: `${item.parsed.kind} (${item.parsed.apiVersion}) is still not served after its CRD was applied.` };
        return item;
      }
      item.info = info;
      applyNamespaceRules(item, undefined, item.row.namespace ?? 'default');
    }
    item.deferredBecause = undefined;
    await preflight(item, client, { namespaces: new Set(), crdKinds: new Set() }, signal, { readLiveFirst: false, wantDiff: false, force });
    if (item.row.failure) return item;
  }
  return undefined;
}

/** Wait (bounded) until CRDs applied in this run are Established and namespaces are Active. */
async function waitForFoundations(group: Work[], client: KubeClient, signal?: AbortSignal) {
  const deadline = Date.now() + 60_000;
  for (const item of group) {
    if (item.row.failure || !item.info) continue;
    const path = objectPath(item.info, undefined, item.parsed.name);
    let wait = 50;
    for (;;) {
      if (signal?.aborted) throw new Cancelled();
      const response = await client.request('GET', path, { signal });
      const object = response.json as { status?: { phase?: string; conditions?: { type: string; status: string }[] } } | undefined;
      const ready =
        item.parsed.kind === 'Namespace'
          ? object?.status?.phase === 'Active'
          : !!object?.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True');
      if (ready) break;
      if (Date.now() > deadline) {
        throw new TransportError('timeout', `${objectLabel(item)} did not become ready within 60 s.`);
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 1000);
    }
  }
}

function countActions(rows: ObjectRow[], mode: ApplyMode = 'apply'): string {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const label = actionLabel(row.action, mode);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([action, count]) => `${count} ${action}`).join(', ');
}

function scrubRow(row: ObjectRow, scrubber: SecretScrubber): ObjectRow {
  const copy: ObjectRow = { ...row };
  if (copy.reason) copy.reason = scrubber.scrub(copy.reason);
  if (copy.failure) {
    copy.failure = {
      ...copy.failure,
      message: scrubber.scrub(copy.failure.message),
      ...(copy.failure.causes ? { causes: copy.failure.causes.map((cause) => ({ ...cause, message: scrubber.scrub(cause.message) })) } : {}),
    };
  }
  return copy;
}

/** Run `task` over `items` with at most `limit` in flight; stops starting new ones when `signal` aborts. */
async function forEachLimited<T>(items: T[], limit: number, signal: AbortSignal | undefined, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < items.length && firstError === undefined) {
      if (signal?.aborted) {
        firstError = new Cancelled();
        return;
      }
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError !== undefined) throw firstError;
}
