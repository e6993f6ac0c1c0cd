// The CEL library loads only when a rule has something to evaluate: manifests whose kinds' rules are all
// covered by webhook checks (or whose rule fields are absent) never pay for booting it. Runs in its own process
// (node --test), so nothing else has loaded CEL before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YamlFile } from '../../server/src/model/index.ts';
import { checkFileOnce } from '../../server/src/analysis/engine.ts';
import { WEBHOOK_ANALYZERS } from '../../server/src/analysis/registry.ts';
import { celRuntimeLoaded } from '../../server/src/schema/cel.ts';

const codes = (text: string) => {
  const file = new YamlFile('file:///lazy.yaml', text);
  return checkFileOnce(WEBHOOK_ANALYZERS, file.resources, text).map((finding) => finding.code);
};

test('CEL is loaded only when a rule has a value to evaluate, and then it evaluates', () => {
  const withoutRules = [
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a, namespace: shop}\nspec:\n  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n',
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: a, namespace: shop}\nspec:\n  host: a\n  trafficPolicy:\n    connectionPool: {tcp: {connectTimeout: 5s}}\n',
    'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: a, namespace: shop}\nspec:\n  hosts: [a.example.com]\n  resolution: DNS\n  ports: [{number: 443, name: tls, protocol: TLS}]\n',
  ].join('---\n');
  assert.deepEqual(codes(withoutRules), []);
  assert.equal(celRuntimeLoaded(), false, 'no rule had a value to check, so CEL stayed unloaded');

  // A ServiceEntry endpoint must have an address or a network (a CRD rule no webhook check covers).
  const endpointWithoutAddress = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: b, namespace: shop}\nspec:\n  hosts: [b.example.com]\n  resolution: STATIC\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  endpoints:\n  - labels: {app: b}\n';
  assert.ok(codes(endpointWithoutAddress).includes('MW0401'));
  assert.equal(celRuntimeLoaded(), true);
});
