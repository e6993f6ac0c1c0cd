// The offline CEL evaluator (server/src/schema/cel.ts) and the CRD rules analyzer: Kubernetes functions, schema
// defaults, transition rules skipped, unevaluable rules reported as MW0402 without throwing, and speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CelValidator, instancesOf, toCel, type CelRuleFile } from '../../server/src/schema/cel.ts';
import { celCoverage, crdRuleValidator, crdRules } from '../../server/src/analysis/analyzers/cel/crdRules.ts';
import { YamlFile } from '../../server/src/model/index.ts';
import type { Finding } from '../../server/src/model/types.ts';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex.ts';
import { DEFAULT_MESH_CONFIG } from '../../server/src/analysis/meshConfig.ts';

function rulesFile(rules: CelRuleFile['kinds'][string]['rules'], defaults: CelRuleFile['kinds'][string]['defaults'] = []): CelRuleFile {
  return { kinds: { 'example.io/v1/Thing': { source: 'test', rules, defaults } } };
}

test('a failing rule reports its message on the value path; passing rules report nothing', () => {
  const validator = new CelValidator(rulesFile([
    { path: ['spec', 'ports', '*', 'number'], rule: '0 < self && self <= 65535', message: 'port out of range' },
    { path: ['spec'], rule: "has(self.a) != has(self.b)", message: 'exactly one of a or b' },
  ]));
  const outcomes = validator.validate('example.io', 'v1', 'Thing', { spec: { a: 1, ports: [{ number: 80 }, { number: 0 }] } });
  assert.deepEqual(outcomes.map((o) => [o.outcome, o.path.join('.'), o.message]), [['failed', 'spec.ports.1.number', 'port out of range']]);
});

test('Kubernetes functions: isURL, url().getScheme(), duration, strings, exists_one', () => {
  const validator = new CelValidator(rulesFile([
    { path: ['spec', 'url'], rule: 'isURL(self) ? url(self).getScheme() in ["http", "https", "oci"] : isURL("http://" + self)', message: 'scheme' },
    { path: ['spec', 'timeout'], rule: "duration(self) >= duration('1ms')", message: 'duration' },
    { path: ['spec', 'socket'], rule: 'self.startsWith("unix://") ? self.substring(7, 8) == "/" : true', message: 'uds' },
    { path: ['spec', 'names'], rule: 'self.all(a, self.exists_one(b, a == b))', message: 'unique' },
  ]));
  const ok = validator.validate('example.io', 'v1', 'Thing', { spec: { url: 'oci://ghcr.io/x:1', timeout: '5s', socket: 'unix:///a', names: ['a', 'b'] } });
  assert.deepEqual(ok, []);
  const bad = validator.validate('example.io', 'v1', 'Thing', { spec: { url: 'ftp://x/y', timeout: '500us', socket: 'unix://a', names: ['a', 'a'] } });
  assert.deepEqual(bad.map((o) => o.message), ['scheme', 'duration', 'uds', 'unique']);
  const bare = validator.validate('example.io', 'v1', 'Thing', { spec: { url: 'ghcr.io/x:1' } });
  assert.deepEqual(bare, []);
});

test('a runtime error (unparsable duration) counts as a failed rule, like the API server', () => {
  const validator = new CelValidator(rulesFile([{ path: ['spec', 'timeout'], rule: "duration(self) >= duration('1ms')", message: 'bad duration' }]));
  const [outcome] = validator.validate('example.io', 'v1', 'Thing', { spec: { timeout: 'soon' } });
  assert.equal(outcome?.outcome, 'failed');
  assert.match(outcome!.message, /bad duration/);
});

test('rules that cannot be evaluated are reported as unevaluable, never thrown; transition rules are skipped', () => {
  const validator = new CelValidator(rulesFile([
    { path: ['spec'], rule: 'self.x.isSorted()', message: 'unknown function' },
    { path: ['spec'], rule: 'self.x ==', message: 'syntax error' },
    { path: ['spec'], rule: 'self == oldSelf', message: 'immutable' },
    { path: ['spec'], rule: 'self.x', message: 'not a boolean' },
  ]));
  const outcomes = validator.validate('example.io', 'v1', 'Thing', { spec: { x: 'a' } });
  assert.deepEqual(outcomes.map((o) => o.outcome), ['unevaluable', 'unevaluable', 'unevaluable']);
  assert.match(outcomes[0]!.message, /isSorted/);
  assert.match(outcomes[1]!.message, /does not parse/);
});

test('schema defaults are applied before evaluation and CEL keywords are escaped', () => {
  const validator = new CelValidator(rulesFile(
    [{ path: ['spec', 'refs'], rule: 'self.all(r, r.group == "g" && !has(r.__namespace__))', message: 'defaulted' }],
    [{ path: ['spec', 'refs', '*', 'group'], value: 'g' }],
  ));
  assert.deepEqual(validator.validate('example.io', 'v1', 'Thing', { spec: { refs: [{ name: 'a' }] } }), []);
  assert.equal(validator.validate('example.io', 'v1', 'Thing', { spec: { refs: [{ name: 'a', namespace: 'x' }] } }).length, 1);
  assert.deepEqual([...(toCel({ namespace: 1 }) as Map<string, unknown>).keys()], ['__namespace__']);
});

test('instancesOf expands list and map wildcards', () => {
  const found = instancesOf({ spec: { a: [{ b: 1 }, { b: 2 }], m: { x: { b: 3 } } } }, ['spec', 'a', '*', 'b']);
  assert.deepEqual(found.map((f) => f.path.join('.')), ['spec.a.0.b', 'spec.a.1.b']);
  assert.deepEqual(instancesOf({ spec: { m: { x: 1, y: 2 } } }, ['spec', 'm', '*']).map((f) => f.value), [1, 2]);
});

test('the analyzer reports MW0401 with the rule message and MW0402 once for an unevaluable rule', () => {
  const findings: Finding[] = [];
  const context = { index: new WorkspaceIndex(), meshConfig: DEFAULT_MESH_CONFIG, report: (finding: Finding) => findings.push(finding) };
  const file = new YamlFile('file:///ef.yaml', `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: x, namespace: shop}
spec:
  workloadSelector: {labels: {app: a}}
  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: w}]
`);
  crdRules.check(file.resources[0]!, context);
  assert.deepEqual(findings.map((f) => f.code), ['MW0401']);
  assert.match(findings[0]!.message, /only one of targetRefs or workloadSelector/);

  findings.length = 0;
  const route = new YamlFile('file:///route.yaml', `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  rules:
  - matches:
    - path: {type: PathPrefix, value: 5}
`);
  assert.doesNotThrow(() => crdRules.check(route.resources[0]!, context));
  assert.deepEqual(findings.map((f) => f.code), ['MW0402']);
  assert.match(findings[0]!.message, /and \d+ more rules\) could not be evaluated offline/);
});

test('coverage of the shipped CRD rules: every rule compiles or is a transition rule', () => {
  const coverage = celCoverage();
  assert.ok(coverage.total > 600, `total ${coverage.total}`);
  assert.equal(coverage.unevaluable, 0);
  assert.equal(coverage.total, coverage.coveredByWebhook + coverage.transition + coverage.evaluated);
  console.log(`CEL rules: ${JSON.stringify(coverage)}`);
});

test('evaluation stays cheap: tens of µs for Istio resources, about a millisecond for a large HTTPRoute', () => {
  const time = (group: string, version: string, kind: string, object: unknown): number => {
    crdRuleValidator.validate(group, version, kind, object);
    const runs = 1000;
    const start = performance.now();
    for (let i = 0; i < runs; i++) crdRuleValidator.validate(group, version, kind, object);
    return ((performance.now() - start) / runs) * 1000;
  };
  const serviceEntry = {
    spec: {
      hosts: ['db.internal'], addresses: ['10.0.0.0/16'], resolution: 'STATIC',
      ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }, { number: 8080, name: 'http', protocol: 'HTTP' }],
      endpoints: [{ address: '10.0.0.1', ports: { tcp: 15432 } }, { address: '10.0.0.2' }],
    },
  };
  const sidecar = { spec: { ingress: [{ port: { number: 9080, protocol: 'HTTPS', name: 'https' }, tls: { mode: 'SIMPLE', credentialName: 'c' } }], egress: [{ hosts: ['./*'] }] } };
  const route = {
    spec: {
      parentRefs: [{ name: 'gw' }],
      rules: Array.from({ length: 4 }, (_, index) => ({
        matches: [{ path: { type: 'PathPrefix', value: `/p${index}` } }],
        backendRefs: [{ name: 'svc', port: 80 }],
      })),
    },
  };
  const istio = Math.max(
    time('networking.istio.io', 'v1', 'ServiceEntry', serviceEntry),
    time('networking.istio.io', 'v1', 'Sidecar', sidecar),
  );
  const httpRoute = time('gateway.networking.k8s.io', 'v1', 'HTTPRoute', route);
  console.log(`CEL evaluation: Istio resources ≤ ${istio.toFixed(1)} µs, HTTPRoute with 4 rules ${httpRoute.toFixed(0)} µs`);
  // Loose bounds: a smoke guard on a shared machine; the measured numbers are printed above.
  assert.ok(istio < 1000, `${istio} µs per Istio resource`);
  assert.ok(httpRoute < 20000, `${httpRoute} µs per HTTPRoute`);
});

test('RE2 leading inline flags such as (?i) work in matches()', async () => {
  const { translateRe2Flags } = await import('../../server/src/schema/cel.ts');
  assert.deepEqual(translateRe2Flags('(?i)^[a-z]+$'), { source: '^[a-z]+$', flags: 'i' });
  assert.deepEqual(translateRe2Flags('^[a-z]+$'), { source: '^[a-z]+$', flags: '' });
});
