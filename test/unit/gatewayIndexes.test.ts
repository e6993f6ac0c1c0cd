// The Gateway analyzers that compare Gateways with each other (IST0138, IST0145, MW0310) find their pairs
// through indexes. On random sets of Gateways (shared selectors, ports, wildcard hosts, certificates and
// binds) they must report exactly what the pairwise versions in test/helpers/pairwiseGatewayChecks.ts report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import YAML from 'yaml';
import { YamlFile } from '../../server/src/model/index.ts';
import type { Analyzer } from '../../server/src/analysis/types.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { duplicateCertificate } from '../../server/src/analysis/analyzers/gateway/duplicateCertificate.ts';
import { conflictingGateways } from '../../server/src/analysis/analyzers/gateway/conflictingGateways.ts';
import { duplicateHostPort } from '../../server/src/analysis/analyzers/gateway/duplicateHostPort.ts';
import { pairwiseConflictingGateways, pairwiseDuplicateCertificate, pairwiseDuplicateHostPort } from '../helpers/pairwiseGatewayChecks.ts';

const host = fc.constantFrom('*', '*.a.com', 'x.a.com', 'y.a.com', '*.b.a.com', 'z.b.a.com', 'a.com', '*a.com', 'ns/x.a.com', '*/y.a.com', 'other.org');
const tls = fc.oneof(
  fc.constant(undefined),
  fc.record({ mode: fc.constant('SIMPLE'), credentialName: fc.constantFrom('cert-a', 'cert-b', '') }),
  fc.record({ mode: fc.constant('SIMPLE'), serverCertificate: fc.constantFrom('/c1', '/c2', ''), privateKey: fc.constantFrom('/k1', '') }),
  fc.record({ httpsRedirect: fc.constant(true) }),
);
const server = fc.record(
  {
    port: fc.record({ number: fc.constantFrom(80, 443), name: fc.constant('p'), protocol: fc.constant('HTTP') }),
    hosts: fc.array(host, { minLength: 1, maxLength: 3 }),
    tls,
    bind: fc.constantFrom(undefined, '10.0.0.1'),
  },
  { requiredKeys: ['port', 'hosts'] },
);
const selector = fc.constantFrom({ istio: 'ingressgateway' }, { istio: 'ingressgateway', zone: 'a' }, { app: 'edge' }, {});
const gateways = fc.array(fc.record({ selector, servers: fc.array(server, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 8 });

function findings(analyzer: Analyzer, specs: unknown[]): string[] {
  const engine = new WorkspaceAnalysis({ analyzers: [analyzer] });
  specs.forEach((spec, i) => {
    const text = YAML.stringify({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: `gw-${i}`, namespace: 'istio-system' }, spec });
    const file = new YamlFile(`file:///gw-${i}.yaml`, text);
    engine.setFile(file.uri, file.resources, text);
  });
  const out: string[] = [];
  for (const [uri, list] of engine.run().findings) {
    for (const f of list) out.push(JSON.stringify([uri, f.code, f.path, f.message, (f.related ?? []).map((r) => [r.document.resource?.name, r.path, r.message])]));
  }
  return out.sort();
}

for (const [indexed, pairwise] of [
  [duplicateCertificate, pairwiseDuplicateCertificate],
  [conflictingGateways, pairwiseConflictingGateways],
  [duplicateHostPort, pairwiseDuplicateHostPort],
] as const) {
  test(`${indexed.name}: the indexed analyzer reports what the pairwise one does`, () => {
    let reported = 0;
    fc.assert(
      fc.property(gateways, (specs) => {
        const expected = findings(pairwise, specs);
        reported += expected.length;
        assert.deepEqual(findings(indexed, specs), expected);
      }),
      { numRuns: 300 },
    );
    assert.ok(reported > 50, `the random Gateways produced only ${reported} findings`);
  });
}
