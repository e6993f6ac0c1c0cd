// Evaluates the CEL validation rules (x-kubernetes-validations) of Istio's and the Gateway API's CRDs offline.
// The rules come from schemas/generated/cel-rules.json (written at build time by scripts/celRules.mjs). Rules
// that a Go-webhook analyzer already checks are skipped, so each problem is reported once.
import rulesFile from '../../../../../schemas/generated/cel-rules.json' with { type: 'json' };
import { CelValidator, type CelRule, type CelRuleFile } from '../../../schema/cel.ts';
import type { ResourceAnalyzer } from '../../types.ts';
import { schemaReports } from '../../webhook/check.ts';

/** Rule messages whose check a webhook analyzer (MW02xx) already performs, with the kinds it covers them for. */
const COVERED_BY_WEBHOOK: Readonly<Record<string, readonly string[] | '*'>> = {
  'wildcard not allowed in label key match': '*',
  'key must not be empty': '*',
  'wildcard not allowed in label value match': '*',
  'wildcard is not supported in selector': '*',
  'cross namespace referencing is not currently supported': '*',
  'only one of targetRefs or selector can be set': ['TrafficExtension', 'WasmPlugin', 'AuthorizationPolicy', 'RequestAuthentication', 'Telemetry'],
  'exactly one of wasm or lua must be set': '*',
  'url must have schema one of [http, https, file, oci]': '*',
  'value may only be set when valueFrom is INLINE': '*',
  'must be a valid duration greater than 1ms': '*',
  'port must be between 1-65535': ['ServiceEntry', 'WorkloadEntry', 'WorkloadGroup', 'PeerAuthentication'],
  'only one of credentialNames or tlsCertificates can be set': '*',
  'only one of credentialName or credentialNames can be set': '*',
  'only one of credentialName or tlsCertificates can be set': '*',
  'only one of WorkloadSelector or Endpoints can be set': '*',
  'CIDR addresses are allowed only for NONE/STATIC resolution types': '*',
  'NONE mode cannot set endpoints': '*',
  'DNS_ROUND_ROBIN mode cannot have multiple endpoints': '*',
  'Address is required': ['WorkloadEntry'],
  'UDS may not include ports': ['ServiceEntry', 'WorkloadEntry'],
  'UDS must be an absolute path or abstract socket': ['ServiceEntry', 'WorkloadEntry'],
  'UDS may not be a dir': ['ServiceEntry', 'WorkloadEntry'],
  'port name must be valid': ['ServiceEntry', 'WorkloadEntry', 'WorkloadGroup'],
  'hostname cannot be wildcard': '*',
  'port number cannot be duplicated': ['ServiceEntry'],
  'scheme must be one of [HTTP, HTTPS]': ['WorkloadGroup'],
  'Cannot set serviceAccounts with namespaces or principals': '*',
  'portLevelMtls requires selector': '*',
  'url must have scheme http:// or https://': '*',
  'value must be set when operation is UPSERT': '*',
  'value must not be set when operation is REMOVE': '*',
};

const ISTIO_GROUPS = /\.istio\.io$/;

/** The rules of the generated file that a webhook analyzer already covers. */
function coveredRules(file: CelRuleFile): Set<CelRule> {
  const covered = new Set<CelRule>();
  for (const [key, entry] of Object.entries(file.kinds)) {
    const [group = '', , kind = ''] = key.split('/');
    if (!ISTIO_GROUPS.test(group)) continue;
    for (const rule of entry.rules) {
      const kinds = COVERED_BY_WEBHOOK[rule.message ?? ''];
      if (kinds === '*' || (kinds !== undefined && kinds.includes(kind))) covered.add(rule);
    }
  }
  return covered;
}

const file = rulesFile as unknown as CelRuleFile;
const covered = coveredRules(file);
/** One validator for the process: compiled rules are cached inside it. */
export const crdRuleValidator = new CelValidator(file, (rule) => covered.has(rule));

/** Counts for docs and reports: all rules, rules left to CEL, and the reasons some cannot run. */
export function celCoverage(): { total: number; coveredByWebhook: number; transition: number; evaluated: number; unevaluable: number } {
  let total = 0;
  let transition = 0;
  let unevaluable = 0;
  for (const entry of Object.values(file.kinds)) {
    for (const rule of entry.rules) {
      total++;
      if (covered.has(rule)) continue;
      const compiled = crdRuleValidator.compile(rule);
      if (compiled.skip === 'transition') transition++;
      else if (compiled.skip !== undefined) unevaluable++;
    }
  }
  return { total, coveredByWebhook: covered.size, transition, evaluated: total - covered.size - transition - unevaluable, unevaluable };
}

export const crdRules: ResourceAnalyzer = {
  scope: 'resource',
  name: 'cel/crdRules',
  description: 'Evaluates the CRDs\' CEL validation rules (x-kubernetes-validations) that the API server would enforce.',
  codes: ['MW0401', 'MW0402'],
  // Every kind: the bundled rules cover Istio's and the Gateway API's kinds, and with cluster-aware analysis
  // the cluster's CRDs may bring rules for kinds the bundle does not know. Kinds without rules cost a lookup.
  kinds: ['*'],
  inputs: ['*'],
  check(resource, context) {
    let outcomes;
    try {
      outcomes = crdRuleValidator.validate(resource.group, resource.version, resource.kind, resource.object);
    } catch (error) {
      context.report({ code: 'MW0402', uri: resource.uri, document: resource.document, path: ['kind'], message: `The CRD's CEL rules could not be evaluated offline (${error instanceof Error ? error.message : String(error)}); the API server may still reject this object.` });
      return;
    }
    const unevaluable = [];
    for (const outcome of outcomes) {
      if (schemaReports(resource, outcome.path, 'MW0401')) continue;
      if (outcome.outcome === 'failed') {
        context.report({ code: 'MW0401', uri: resource.uri, document: resource.document, path: outcome.path, message: `${outcome.message} (CRD validation rule: ${outcome.rule.rule.replace(/\s+/g, ' ')}). Fix the value so the rule holds.`, data: { rule: outcome.rule.rule } });
      } else {
        unevaluable.push(outcome);
      }
    }
    // Said once per resource: which rules could not run and why (usually a value of the wrong type).
    const first = unevaluable[0];
    if (first) {
      const more = unevaluable.length > 1 ? ` (and ${unevaluable.length - 1} more rule${unevaluable.length > 2 ? 's' : ''})` : '';
      context.report({ code: 'MW0402', uri: resource.uri, document: resource.document, path: first.path, message: `The CRD validation rule "${first.rule.rule.replace(/\s+/g, ' ')}"${more} could not be evaluated offline: ${first.message}. The API server may still reject this object; fix other problems here first, or check it with a server-side dry run.` });
    }
  },
};
