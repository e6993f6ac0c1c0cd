// The Gateway analyzers that compare Gateways with each other (IST0138, IST0145, MW0310) find their pairs
// through indexes. On random sets of Gateways (shared selectors, ports, wildcard hosts, certificates and
// binds) they must report the same findings (where, and which Gateways they relate to) as the pairwise form in
// test/helpers/pairwiseGatewayChecks.ts.
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
import { pairwiseConflictingGateways, pairwiseDuplicateCertificates, pairwiseDuplicateHostPorts, type PairwiseFinding } from '../helpers/pairwiseGatewayChecks.ts';
import type { ObjectPath, Resource } from '../../server/src/model/types.ts';

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

/** The Gateways as workspace files, and the indexed analyzer's findings on them in the oracle's form. */
function workspace(specs: unknown[]): { gateways: Resource[]; run: (analyzer: Analyzer) => string[] } {
  const files = specs.map((spec, i) => {
    const text = YAML.stringify({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: `gw-${i}`, namespace: 'istio-system' }, spec });
    return new YamlFile(`file:///gw-${i}.yaml`, text);
  });
  return {
    gateways: files.flatMap((file) => file.resources),
    run(analyzer) {
      const analysis = new WorkspaceAnalysis({ analyzers: [analyzer] });
      for (const file of files) analysis.setFile(file.uri, file.resources, file.text);
      const out: string[] = [];
      for (const list of analysis.run().findings.values()) {
        for (const f of list) {
          const related = (f.related ?? []).map((r) => r.document.resource!.name);
          // The message names the Gateways the finding relates to.
          for (const name of related) assert.ok(f.message.includes(`istio-system/${name}`), `${f.message} names ${name}`);
          out.push(key(f.document.resource!.name, f.path, (f.related ?? []).map((r) => [r.document.resource!.name, r.path])));
        }
      }
      return out.sort();
    },
  };
}

function key(gateway: string, path: ObjectPath, related: [string, ObjectPath][]): string {
  return JSON.stringify([gateway, path, related]);
}

function expected(found: PairwiseFinding[]): string[] {
  return found.map((f) => key(f.gateway.name, f.path, f.related.map((r) => [r.gateway.name, r.path]))).sort();
}

for (const [indexed, pairwise] of [
  [duplicateCertificate, pairwiseDuplicateCertificates],
  [conflictingGateways, pairwiseConflictingGateways],
  [duplicateHostPort, pairwiseDuplicateHostPorts],
] as const) {
  test(`${indexed.name}: the indexed analyzer reports what the pairwise one does`, () => {
    let reported = 0;
    fc.assert(
      fc.property(gateways, (specs) => {
        const { gateways: resources, run } = workspace(specs);
        const wanted = expected(pairwise(resources));
        reported += wanted.length;
        assert.deepEqual(run(indexed), wanted);
      }),
      { numRuns: 300 },
    );
    assert.ok(reported > 50, `the random Gateways produced only ${reported} findings`);
  });
}
