// Small helpers that turn the webhook's value checks into findings on exact object paths, plus the factory
// every webhook analyzer uses (`webhookAnalyzer`), so each analyzer file holds only its check logic.
import type { ObjectPath, Resource, YamlDocument } from '../../model/types.ts';
import { validateResource } from '../../schema/index.ts';
import type { AnalysisContext, ResourceAnalyzer } from '../types.ts';
import {
  asArray, durationProblem, exportToProblems, isObject, isSet, labelKeyProblem, labelValueProblem, portProblem,
} from './values.ts';

/** Schema finding codes by path (joined), per document; computed only when needed. */
const schemaFindingCodes = new WeakMap<YamlDocument, Map<string, Set<string>>>();

/**
 * Whether schema validation (MW01xx) already reports this problem on exactly this path. Meshwright's schema
 * layer checks more than JSON-schema types (durations, ports, labels, exclusive fields, min/max); the webhook
 * check then stays silent so each problem is reported once. A schema deprecation notice (MW0114) only covers our
 * own deprecation warning (MW0260). Validation runs only for resources that have webhook findings.
 */
export function schemaReports(resource: Resource, path: ObjectPath, code: string): boolean {
  let byPath = schemaFindingCodes.get(resource.document);
  if (!byPath) {
    byPath = new Map();
    try {
      for (const finding of validateResource(resource)) {
        const key = finding.path.join('\u0000');
        let codes = byPath.get(key);
        if (!codes) byPath.set(key, (codes = new Set()));
        codes.add(finding.code);
      }
    } catch {
      // schema problems never stop analysis
    }
    schemaFindingCodes.set(resource.document, byPath);
  }
  const codes = byPath.get(path.join('\u0000'));
  if (codes && (code === 'MW0260' ? codes.has('MW0114') : [...codes].some((schemaCode) => schemaCode !== 'MW0114'))) return true;
  // A duplicate list item (MW0115, on the item) covers our duplicate-key finding on the item's key field, and a
  // CEL uniqueness rule on the list itself.
  if (code !== 'MW0401' && path.length > 1 && byPath.get(path.slice(0, -1).join('\u0000'))?.has('MW0115')) return true;
  if (code === 'MW0401') {
    const prefix = path.join('\u0000') + '\u0000';
    for (const [key, found] of byPath) if (found.has('MW0115') && key.startsWith(prefix)) return true;
  }
  return false;
}

/** Reporting and reading for one resource. */
export class Check {
  readonly resource: Resource;
  private readonly context: AnalysisContext;

  constructor(resource: Resource, context: AnalysisContext) {
    this.resource = resource;
    this.context = context;
  }

  get spec(): Record<string, unknown> {
    const spec = this.resource.object.spec;
    return isObject(spec) ? spec : {};
  }

  /** Reports `code` on `path` (the value, or the key when `on` is 'key'). */
  report(code: string, path: ObjectPath, message: string, on: 'key' | 'value' = 'value'): void {
    // Problems of the whole spec are shown on the kind (`kind: Gateway`), a short, always-present value.
    if (schemaReports(this.resource, path, code)) return;
    if (path.length === 1 && path[0] === 'spec') {
      path = ['kind'];
      on = 'value';
    }
    this.context.report({ code, uri: this.resource.uri, document: this.resource.document, path, on, message });
  }

  /** Checks a duration field of `parent` (if set). */
  duration(parent: unknown, path: ObjectPath, key: string, options: { allowZero?: boolean; wholeSeconds?: boolean } = {}): void {
    if (!isObject(parent) || parent[key] === undefined) return;
    const problem = durationProblem(parent[key], options);
    if (problem) {
      const unit = options.wholeSeconds ? 'whole seconds (e.g. 60s)' : 'at least 1ms, in whole milliseconds (e.g. 250ms, 5s)';
      this.report('MW0201', [...path, key], `${key}: ${problem}. Use a duration of ${unit}.`);
    }
  }

  /** Checks a port number field of `parent` (if set). */
  port(parent: unknown, path: ObjectPath, key: string, code = 'MW0204', zeroMeansUnset = false): void {
    if (!isObject(parent)) return;
    // For optional proto3 ports (match ports, redirect ports, targetPort) 0 is the same as not set.
    if (zeroMeansUnset && parent[key] === 0) return;
    const problem = portProblem(parent[key]);
    if (problem) this.report(code, [...path, key], `${key}: ${problem}. Use a port number from 1 to 65535.`);
  }

  /** Checks a label map (keys qualified names, values label values). */
  labels(map: unknown, path: ObjectPath): void {
    if (!isObject(map)) return;
    for (const [key, value] of Object.entries(map)) {
      const keyProblem = labelKeyProblem(key);
      if (keyProblem) this.report('MW0205', [...path, key], `${keyProblem}. Label keys are [prefix/]name with letters, digits, '-', '_', '.'.`, 'key');
      const valueProblem = labelValueProblem(value);
      if (valueProblem) this.report('MW0205', [...path, key], `${valueProblem}.`);
    }
  }

  /**
   * A workload selector's labels (`selector.matchLabels` or `workloadSelector.labels`): empty or wildcard keys
   * and wildcard values are errors; no labels at all is a warning (the resource applies to the whole namespace).
   */
  selectorLabels(selector: unknown, selectorPath: ObjectPath, labelsKey: string): void {
    if (!isObject(selector)) return;
    const labels = selector[labelsKey];
    if (!isSet(labels)) {
      this.report('MW0262', selectorPath, `The ${formatKey(selectorPath)} selects no labels, so it applies to every workload in the namespace. Add ${labelsKey}, or remove the selector to say so explicitly.`, 'key');
      return;
    }
    if (!isObject(labels)) return;
    for (const [key, value] of Object.entries(labels)) {
      if (key === '' || key.includes('*')) {
        this.report('MW0205', [...selectorPath, labelsKey, key], key === '' ? 'A selector label key is empty. Give the label a name.' : `Selector label key "${key}" contains '*'; wildcards are not supported. Name the exact label.`, 'key');
      } else if (typeof value === 'string' && value.includes('*')) {
        this.report('MW0205', [...selectorPath, labelsKey, key], `Selector label value "${value}" contains '*'; wildcards are not supported. Use the exact value.`);
      } else {
        const keyProblem = labelKeyProblem(key);
        if (keyProblem) this.report('MW0205', [...selectorPath, labelsKey, key], `${keyProblem}.`, 'key');
        const valueProblem = labelValueProblem(value);
        if (valueProblem) this.report('MW0205', [...selectorPath, labelsKey, key], `${valueProblem}.`);
      }
    }
  }

  /** The policy attachment rules: one of selector/targetRef/targetRefs; refs in the same namespace, known kinds. */
  policyTarget(options: { selectorKey?: string; labelsKey?: string; allowTargetRef?: boolean } = {}): void {
    const spec = this.spec;
    const selectorKey = options.selectorKey ?? 'selector';
    const set = [selectorKey, 'targetRef', 'targetRefs'].filter((key) => spec[key] !== undefined && spec[key] !== null);
    if (set.length > 1) {
      this.report('MW0206', ['spec', set[1]!], `Only one of ${selectorKey}, targetRef and targetRefs may be set, but ${set.join(', ')} are. Keep one.`, 'key');
    }
    this.selectorLabels(spec[selectorKey], ['spec', selectorKey], options.labelsKey ?? 'matchLabels');
    if (isObject(spec.targetRef)) this.targetRef(spec.targetRef, ['spec', 'targetRef']);
    asArray(spec.targetRefs).forEach((ref, index) => this.targetRef(ref, ['spec', 'targetRefs', index]));
  }

  private targetRef(ref: unknown, path: ObjectPath): void {
    if (!isObject(ref)) return;
    if (!isSet(ref.name)) this.report('MW0206', path, 'The targetRef has no name. Name the Service, ServiceEntry, Gateway or GatewayClass it attaches to.', 'key');
    if (isSet(ref.namespace)) {
      this.report('MW0206', [...path, 'namespace'], 'targetRef cannot point to another namespace. Remove namespace and create the policy in the target\'s namespace.');
    }
    const group = typeof ref.group === 'string' ? ref.group : '';
    const kind = typeof ref.kind === 'string' ? ref.kind : '';
    const allowed = ['/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass'];
    if (!allowed.includes(`${group}/${kind}`)) {
      this.report('MW0206', kind === '' ? path : [...path, 'kind'], `targetRef ${group === '' ? 'core' : group}/${kind || '(no kind)'} is not supported. Point to a core Service, networking.istio.io ServiceEntry, or gateway.networking.k8s.io Gateway/GatewayClass.`);
    }
  }

  /** Checks `spec.exportTo` with the shared rules. */
  exportTo(): void {
    for (const { index, problem } of exportToProblems(this.spec.exportTo, this.resource.namespace)) {
      this.report('MW0207', ['spec', 'exportTo', index], `exportTo: ${problem}. Use '.', '*' or namespace names, each once.`);
    }
  }
}

function formatKey(path: ObjectPath): string {
  return String(path[path.length - 1]);
}

/** The API group Istio's webhook validates each kind under (Gateway API kinds share some names). */
export const ISTIO_KIND_GROUPS: Readonly<Record<string, string>> = {
  Gateway: 'networking.istio.io', VirtualService: 'networking.istio.io', DestinationRule: 'networking.istio.io',
  ServiceEntry: 'networking.istio.io', WorkloadEntry: 'networking.istio.io', WorkloadGroup: 'networking.istio.io',
  Sidecar: 'networking.istio.io', EnvoyFilter: 'networking.istio.io', ProxyConfig: 'networking.istio.io',
  AuthorizationPolicy: 'security.istio.io', RequestAuthentication: 'security.istio.io', PeerAuthentication: 'security.istio.io',
  Telemetry: 'telemetry.istio.io', WasmPlugin: 'extensions.istio.io', TrafficExtension: 'extensions.istio.io',
};

/** Builds a resource-scope analyzer whose check receives a `Check` for the resource. */
export function webhookAnalyzer(definition: {
  name: string;
  description: string;
  kinds: readonly string[];
  codes: readonly string[];
  check: (check: Check) => void;
}): ResourceAnalyzer {
  return {
    scope: 'resource',
    name: definition.name,
    description: definition.description,
    kinds: definition.kinds,
    inputs: definition.kinds,
    codes: definition.codes,
    check(resource: Resource, context: AnalysisContext): void {
      if (ISTIO_KIND_GROUPS[resource.kind] !== resource.group) return;
      definition.check(new Check(resource, context));
    },
  };
}
