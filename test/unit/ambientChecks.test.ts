// Ambient waypoint checks across files: namespace labels read from cluster objects (meshwright-cluster: URIs),
// related information pointing at the Namespace, and findings that follow label edits in another file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YamlFile } from '../../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { CROSS_RESOURCE_ANALYZERS } from '../../server/src/analysis/crossResourceAnalyzers.ts';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
`;

const POLICY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: reviews-get
  namespace: shop
spec:
  selector:
    matchLabels: {app: reviews}
  rules:
  - to:
    - operation:
        methods: [GET]
`;

const CLUSTER_URI = 'meshwright-cluster:/kind-dev.yaml';

function codes(engine: WorkspaceAnalysis, uri: string): string[] {
  return (engine.run().findings.get(uri) ?? []).map((f) => f.code).filter((c) => c.startsWith('MW03')).sort();
}

test('ambient: a Namespace read from the cluster makes a workspace policy ambient', () => {
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  const policy = new YamlFile('file:///policy.yaml', POLICY);
  engine.setFile(policy.uri, policy.resources, policy.text);
  assert.deepEqual(codes(engine, policy.uri), [], 'no Namespace known: not ambient');

  const cluster = new YamlFile(CLUSTER_URI, namespace("istio.io/dataplane-mode: ambient"));
  engine.setFile(cluster.uri, cluster.resources, cluster.text);
  const findings = engine.run().findings.get(policy.uri) ?? [];
  assert.deepEqual(findings.map((f) => f.code).sort(), ['MW0328', 'MW0329']);
  const noWaypoint = findings.find((f) => f.code === 'MW0328')!;
  assert.deepEqual(noWaypoint.path, ['spec', 'rules', 0, 'to', 0, 'operation', 'methods']);
  assert.ok(noWaypoint.related?.some((r) => r.uri === CLUSTER_URI), 'related information points at the cluster Namespace');

  // Enrolling the namespace in a waypoint leaves only the selector-attachment warning.
  const enrolled = new YamlFile(CLUSTER_URI, namespace('istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint'));
  engine.setFile(enrolled.uri, enrolled.resources, enrolled.text);
  assert.deepEqual(codes(engine, policy.uri), ['MW0329']);

  // A workload label opting out wins over the namespace's enrollment.
  const deployment = new YamlFile('file:///deploy.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: shop}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata:
      labels: {app: reviews, istio.io/use-waypoint: none}
    spec:
      containers: [{name: reviews, image: reviews:1}]
`);
  engine.setFile(deployment.uri, deployment.resources, deployment.text);
  assert.deepEqual(codes(engine, policy.uri), ['MW0328', 'MW0329']);
});

test('MW0327: removing the mesh-wide mTLS DestinationRule clears the finding in another file', () => {
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS });
  const meshWide = new YamlFile('file:///mesh.yaml', `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: default, namespace: istio-system}
spec:
  host: "*.local"
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`);
  const reviews = new YamlFile('file:///reviews.yaml', `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  trafficPolicy: {loadBalancer: {simple: RANDOM}}
`);
  engine.setFile(meshWide.uri, meshWide.resources, meshWide.text);
  engine.setFile(reviews.uri, reviews.resources, reviews.text);
  const finding = (engine.run().findings.get(reviews.uri) ?? []).find((f) => f.code === 'MW0327');
  assert.ok(finding);
  assert.deepEqual(finding.related?.map((r) => r.uri), [meshWide.uri]);
  engine.removeFile(meshWide.uri);
  assert.ok(!(engine.run().findings.get(reviews.uri) ?? []).some((f) => f.code === 'MW0327'));
});
