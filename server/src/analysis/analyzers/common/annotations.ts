// Istio's webhook annotation rules for every Istio kind (reference §3.1.1–2): dry-run only on
// AuthorizationPolicy (boolean, ALLOW/DENY), and internal annotations are always rejected.
import { ISTIO_KIND_GROUPS, webhookAnalyzer } from '../../webhook/check.ts';
import { isObject } from '../../webhook/values.ts';

const INTERNAL = ['internal.istio.io/webhook-always-reject', 'internal.istio.io/parent-namespace', 'internal.istio.io/parents'];

export const annotations = webhookAnalyzer({
  name: 'common/annotations',
  description: 'Rejects istio.io/dry-run outside AuthorizationPolicy (and malformed dry-run values) and internal istio annotations.',
  kinds: Object.keys(ISTIO_KIND_GROUPS),
  codes: ['MW0235'],
  check(check) {
    const metadata = check.resource.object.metadata;
    if (!isObject(metadata) || !isObject(metadata.annotations)) return;
    const annotations = metadata.annotations;
    const path = ['metadata', 'annotations'];
    for (const key of INTERNAL) {
      if (key in annotations) check.report('MW0235', [...path, key], `${key} is reserved for Istio's own use and makes the API server reject the object. Remove it.`, 'key');
    }
    const dryRun = annotations['istio.io/dry-run'];
    if (dryRun === undefined) return;
    if (check.resource.kind !== 'AuthorizationPolicy') {
      check.report('MW0235', [...path, 'istio.io/dry-run'], `istio.io/dry-run is only supported on AuthorizationPolicy, not on ${check.resource.kind}. Remove it.`, 'key');
      return;
    }
    if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(String(dryRun))) {
      check.report('MW0235', [...path, 'istio.io/dry-run'], `istio.io/dry-run must be "true" or "false", not "${String(dryRun)}".`);
    }
    const action = check.spec.action ?? 'ALLOW';
    if (action !== 'ALLOW' && action !== 'DENY') {
      check.report('MW0235', [...path, 'istio.io/dry-run'], `istio.io/dry-run only works with action ALLOW or DENY, not ${String(action)}. Remove the annotation or change the action.`, 'key');
    }
  },
});
