// Generates a synthetic mesh of N services (Service + Deployments + DestinationRule + VirtualService with a
// weighted split, every 10th behind a gateway) spread over namespaces, for scale tests and the benchmark.
export function generateMeshYaml(services: number, namespaces = 8): string {
  const docs: string[] = [];
  for (let g = 0; g < namespaces; g++) {
    docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns${g}}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*.ns${g}.example.com"]}]`);
  }
  for (let i = 0; i < services; i++) {
    const ns = `ns${i % namespaces}`;
    const name = `svc-${String(i).padStart(5, '0')}`;
    const next = `svc-${String((i * 7 + 3) % services).padStart(5, '0')}.ns${((i * 7 + 3) % services) % namespaces}.svc.cluster.local`;
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: {selector: {app: ${name}}, ports: [{port: 80, name: http}]}`);
    for (const v of ['v1', 'v2']) {
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}-${v}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}, version: ${v}}}
  template: {metadata: {labels: {app: ${name}, version: ${v}}}}`);
    }
    docs.push(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${ns}}
spec:
  host: ${name}
  trafficPolicy: {outlierDetection: {consecutive5xxErrors: 5}}
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]`);
    const gateway = i % 10 === 0 ? `\n  gateways: [gw, mesh]` : '';
    const hosts = i % 10 === 0 ? `[${name}, ${name}.${ns}.example.com]` : `[${name}]`;
    docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
  hosts: ${hosts}${gateway}
  http:
    - match: [{uri: {prefix: /call}}]
      route: [{destination: {host: ${next}}}]
      timeout: 2s
    - route:
        - {destination: {host: ${name}, subset: v1}, weight: 90}
        - {destination: {host: ${name}, subset: v2}, weight: 10}`);
  }
  return docs.join('\n---\n') + '\n';
}
