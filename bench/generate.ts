// Deterministic generator of realistic Istio workspaces for benchmarks: per "app" a VirtualService with
// weighted routes, a DestinationRule with subsets and traffic policy, an AuthorizationPolicy, a Service,
// and every few apps a ServiceEntry; a few Gateways up front. Every reference resolves, so a correct analyzer reports nothing.

export interface GeneratedWorkspace {
  /** All resources as separate YAML texts, in order. */
  readonly documents: string[];
  /** Counts by kind. */
  readonly counts: Record<string, number>;
}

/** A small seeded PRNG (mulberry32) so every run produces the same workspace. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['shop', 'payments', 'search', 'accounts', 'catalog', 'shipping', 'reviews', 'edge'];

/** Generates about `total` resources, in whole apps (the exact count is returned in counts). */
export function generateWorkspace(total: number, seed = 42, prefix = 'svc'): GeneratedWorkspace {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const documents: string[] = [];
  const counts: Record<string, number> = {};
  const add = (kind: string, text: string) => {
    documents.push(text);
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  // Gateways first so VirtualServices can bind to them.
  const gatewayCount = Math.max(1, Math.round(total * 0.03));
  for (let g = 0; g < gatewayCount && documents.length < total; g++) {
    add('Gateway', gateway(g, prefix));
  }
  for (let app = 0; documents.length < total; app++) {
    const name = `${prefix}-${String(app).padStart(5, '0')}`;
    const namespace = NAMESPACES[app % NAMESPACES.length]!;
    const subsets = ['v1', 'v2', 'v3'].slice(0, 2 + Math.floor(rand() * 2));
    add('VirtualService', virtualService(name, namespace, subsets, `${prefix}-${app % gatewayCount}`, rand, pick));
    // Whole apps only (the total may be exceeded by a few), so every reference resolves.
    add('DestinationRule', destinationRule(name, namespace, subsets));
    add('AuthorizationPolicy', authorizationPolicy(name, namespace, rand, pick));
    add('Service', service(name, namespace));
    if (app % 3 === 0) add('ServiceEntry', serviceEntry(name, namespace));
  }
  return { documents, counts };
}

function gateway(index: number, prefix: string): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${prefix}-gw-${index}
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http-${prefix}-${index}
      protocol: HTTP
    hosts:
    - "*.${prefix}-${index}.example.com"
    tls:
      httpsRedirect: true
  - port:
      number: 443
      name: https-${prefix}-${index}
      protocol: HTTPS
    hosts:
    - "*.${prefix}-${index}.example.com"
    tls:
      mode: SIMPLE
      credentialName: ${prefix}-gw-${index}-cert
`;
}

function virtualService(
  name: string,
  namespace: string,
  subsets: string[],
  gatewayId: string,
  rand: () => number,
  pick: <T>(items: readonly T[]) => T,
): string {
  const routes: string[] = [];
  const routeCount = 2 + Math.floor(rand() * 3);
  for (let r = 0; r < routeCount; r++) {
    const last = r === routeCount - 1;
    const match = last
      ? ''
      : `    - match:
      - uri:
          ${pick(['prefix', 'exact'])}: /api/${name}/r${r}${rand() < 0.5 ? `\n        headers:\n          x-tenant:\n            exact: tenant-${r}` : ''}
`;
    const weights = split(subsets.length, rand);
    const destinations = subsets
      .map(
        (subset, i) => `      - destination:
          host: ${name}.${namespace}.svc.cluster.local
          subset: ${subset}
        weight: ${weights[i]}`,
      )
      .join('\n');
    const head = match ? match + '      route:\n' : '    - route:\n';
    const extras = [`      timeout: ${1 + Math.floor(rand() * 9)}s`, `      retries:\n        attempts: 3\n        perTryTimeout: 500ms`];
    if (rand() < 0.2) extras.push(`      fault:\n        delay:\n          percentage:\n            value: 5\n          fixedDelay: 2s`);
    routes.push(head + destinations + '\n' + extras.join('\n'));
  }
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  hosts:
  - ${name}.${namespace}.svc.cluster.local
  - ${name}.${gatewayId}.example.com
  gateways:
  - istio-system/${gatewayId.replace(/-(\d+)$/, '-gw-$1')}
  - mesh
  http:
${routes.join('\n')}
`;
}

function split(parts: number, rand: () => number): number[] {
  const weights: number[] = [];
  let left = 100;
  for (let i = 0; i < parts - 1; i++) {
    const w = Math.max(1, Math.min(left - (parts - 1 - i), Math.floor(rand() * (left / 1.5))));
    weights.push(w);
    left -= w;
  }
  weights.push(left);
  return weights;
}

function destinationRule(name: string, namespace: string, subsets: string[]): string {
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  host: ${name}.${namespace}.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
    connectionPool:
      tcp:
        maxConnections: 100
      http:
        http1MaxPendingRequests: 50
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
    tls:
      mode: ISTIO_MUTUAL
  subsets:
${subsets.map((subset) => `  - name: ${subset}\n    labels:\n      version: ${subset}`).join('\n')}
`;
}

function authorizationPolicy(name: string, namespace: string, rand: () => number, pick: <T>(items: readonly T[]) => T): string {
  const rules: string[] = [];
  const count = 1 + Math.floor(rand() * 3);
  for (let r = 0; r < count; r++) {
    rules.push(`  - from:
    - source:
        principals:
        - cluster.local/ns/${pick(NAMESPACES)}/sa/client-${r}
    to:
    - operation:
        methods: ["GET", "${pick(['POST', 'PUT', 'DELETE'])}"]
        paths: ["/api/${name}/*"]`);
  }
  return `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  action: ALLOW
  rules:
${rules.join('\n')}
`;
}

function service(name: string, namespace: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 8080
    targetPort: 8080
`;
}

function serviceEntry(name: string, namespace: string): string {
  return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}-external
  namespace: ${namespace}
spec:
  hosts:
  - ${name}.partner.example.org
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: 443
    name: tls
    protocol: TLS
`;
}

/** One multi-document file holding every generated resource. */
export function asSingleFile(workspace: GeneratedWorkspace): string {
  return workspace.documents.join('---\n');
}
