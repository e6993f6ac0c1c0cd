// Skeletons for new resources (snippet bodies after the apiVersion/kind lines): the smallest object of each
// kind that validates clean, with tab stops on the names an author must choose. Meshwright's own text.
import { resolve, schemaFor, typesOf, type KindInfo, type SchemaNode } from '../schema/index.ts';

/** A Gateway API route (HTTP, GRPC, TCP, UDP) with one parent and one backend on the given port. */
function backendRoute(port: number): string {
  return `metadata:
  name: \${1:route}
spec:
  parentRefs:
  - name: \${2:gateway}
  rules:
  - backendRefs:
    - name: \${3:service}
      port: \${4:${port}}
$0`;
}

const SKELETONS: Readonly<Record<string, string>> = {
  'networking.istio.io/VirtualService': `metadata:
  name: \${1:reviews}
spec:
  hosts:
  - \${2:reviews}
  http:
  - route:
    - destination:
        host: \${3:\${2}}
$0`,
  'networking.istio.io/DestinationRule': `metadata:
  name: \${1:reviews}
spec:
  host: \${2:reviews}
  subsets:
  - name: \${3:v1}
    labels:
      version: \${4:v1}
$0`,
  'networking.istio.io/Gateway': `metadata:
  name: \${1:gateway}
spec:
  selector:
    istio: \${2:ingressgateway}
  servers:
  - port:
      number: \${3:80}
      name: \${4:http}
      protocol: \${5|HTTP,HTTPS,GRPC,HTTP2,MONGO,TCP,TLS|}
    hosts:
    - "\${6:*}"
$0`,
  'networking.istio.io/ServiceEntry': `metadata:
  name: \${1:external-api}
spec:
  hosts:
  - \${2:api.example.com}
  location: \${3|MESH_EXTERNAL,MESH_INTERNAL|}
  ports:
  - number: \${4:443}
    name: \${5:https}
    protocol: \${6|TLS,HTTPS,HTTP,TCP,GRPC|}
  resolution: \${7|DNS,STATIC,NONE,DNS_ROUND_ROBIN|}
$0`,
  'networking.istio.io/Sidecar': `metadata:
  name: \${1:default}
spec:
  egress:
  - hosts:
    - "\${2:./*}"
$0`,
  'networking.istio.io/WorkloadEntry': `metadata:
  name: \${1:vm}
spec:
  address: \${2:10.0.0.1}
  labels:
    app: \${3:app}
$0`,
  'networking.istio.io/WorkloadGroup': `metadata:
  name: \${1:vms}
spec:
  metadata:
    labels:
      app: \${2:app}
  template:
    serviceAccount: \${3:default}
$0`,
  'networking.istio.io/EnvoyFilter': `metadata:
  name: \${1:filter}
spec:
  configPatches:
  - applyTo: \${2|HTTP_FILTER,LISTENER,CLUSTER,NETWORK_FILTER,ROUTE_CONFIGURATION|}
    patch:
      operation: \${3|MERGE,ADD,REMOVE,INSERT_BEFORE,INSERT_AFTER,INSERT_FIRST,REPLACE|}
$0`,
  'networking.istio.io/ProxyConfig': `metadata:
  name: \${1:proxy-config}
spec:
  concurrency: \${2:2}
$0`,
  'security.istio.io/AuthorizationPolicy': `metadata:
  name: \${1:allow}
spec:
  selector:
    matchLabels:
      app: \${2:app}
  action: \${3|ALLOW,DENY,AUDIT,CUSTOM|}
  rules:
  - from:
    - source:
        principals:
        - \${4:cluster.local/ns/default/sa/default}
$0`,
  'security.istio.io/PeerAuthentication': `metadata:
  name: \${1:default}
spec:
  mtls:
    mode: \${2|STRICT,PERMISSIVE,DISABLE,UNSET|}
$0`,
  'security.istio.io/RequestAuthentication': `metadata:
  name: \${1:jwt}
spec:
  jwtRules:
  - issuer: \${2:https://issuer.example.com}
    jwksUri: \${3:https://issuer.example.com/jwks.json}
$0`,
  'telemetry.istio.io/Telemetry': `metadata:
  name: \${1:default}
spec:
  accessLogging:
  - providers:
    - name: \${2:envoy}
$0`,
  'extensions.istio.io/WasmPlugin': `metadata:
  name: \${1:plugin}
spec:
  url: \${2:oci://registry.example.com/plugin:1.0}
$0`,
  'gateway.networking.k8s.io/GatewayClass': `metadata:
  name: \${1:istio}
spec:
  controllerName: \${2:istio.io/gateway-controller}
$0`,
  'gateway.networking.k8s.io/Gateway': `metadata:
  name: \${1:gateway}
spec:
  gatewayClassName: \${2:istio}
  listeners:
  - name: \${3:http}
    port: \${4:80}
    protocol: \${5|HTTP,HTTPS,TLS,TCP,UDP|}
$0`,
  'gateway.networking.k8s.io/HTTPRoute': backendRoute(80),
  'gateway.networking.k8s.io/GRPCRoute': backendRoute(9090),
  'gateway.networking.k8s.io/ReferenceGrant': `metadata:
  name: \${1:allow}
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: \${2:HTTPRoute}
    namespace: \${3:default}
  to:
  - group: ""
    kind: \${4:Service}
$0`,
  'gateway.networking.k8s.io/TCPRoute': backendRoute(3306),
  'gateway.networking.k8s.io/TLSRoute': `metadata:
  name: \${1:route}
spec:
  parentRefs:
  - name: \${2:gateway}
  hostnames:
  - \${3:secure.example.com}
  rules:
  - backendRefs:
    - name: \${4:service}
      port: \${5:443}
$0`,
  'gateway.networking.k8s.io/BackendTLSPolicy': `metadata:
  name: \${1:backend-tls}
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: \${2:service}
  validation:
    hostname: \${3:service.example.com}
    wellKnownCACertificates: System
$0`,
  'gateway.networking.k8s.io/UDPRoute': backendRoute(53),
  '/Namespace': `metadata:
  name: \${1:bookinfo}
  labels:
    istio-injection: \${2|enabled,disabled|}
$0`,
  '/Service': `metadata:
  name: \${1:reviews}
spec:
  selector:
    app: \${2:\${1}}
  ports:
  - name: \${3:http}
    port: \${4:80}
    targetPort: \${5:8080}
$0`,
  '/ServiceAccount': `metadata:
  name: \${1:app}
$0`,
  '/ConfigMap': `metadata:
  name: \${1:settings}
data:
  \${2:key}: \${3:value}
$0`,
  '/Secret': `metadata:
  name: \${1:credentials}
type: \${2:Opaque}
stringData:
  \${3:key}: \${4:value}
$0`,
  'apps/Deployment': `metadata:
  name: \${1:app}
spec:
  replicas: \${2:1}
  selector:
    matchLabels:
      app: \${3:\${1}}
  template:
    metadata:
      labels:
        app: \${3}
    spec:
      containers:
      - name: \${4:\${1}}
        image: \${5:registry.example.com/app:1.0}
        ports:
        - containerPort: \${6:8080}
$0`,
};

/** The snippet body (from `metadata:` on) for a new object of a kind. */
export function skeletonFor(info: KindInfo): string {
  const written = SKELETONS[`${info.group}/${info.kind}`];
  if (written) return written;
  // Other kinds: metadata plus the required fields, each with a placeholder.
  const root = schemaFor(info.apiVersion, info.kind)?.schema;
  const stop = { next: 2 };
  let body = `metadata:\n  name: \${1:name}\n`;
  for (const name of root?.required ?? []) {
    if (name === 'apiVersion' || name === 'kind' || name === 'metadata') continue;
    body += requiredField(root!, name, root!.properties?.[name], 0, stop);
  }
  return `${body}$0`;
}

/** A required field with placeholders for its own required fields (a few levels deep). */
function requiredField(root: SchemaNode, name: string, property: SchemaNode | undefined, depth: number, stop: { next: number }): string {
  const indent = '  '.repeat(depth);
  const schema = resolve(root, property);
  const types = typesOf(schema);
  if (schema?.enum?.length) return `${indent}${name}: \${${stop.next++}|${schema.enum.map(String).join(',')}|}\n`;
  if (types.includes('object') && schema?.properties && depth < 4) {
    const children = (schema.required ?? []).map((child) => requiredField(root, child, schema.properties?.[child], depth + 1, stop)).join('');
    return children ? `${indent}${name}:\n${children}` : `${indent}${name}: {}\n`;
  }
  if (types.includes('object')) return `${indent}${name}: {}\n`;
  if (types.includes('array')) return `${indent}${name}: []\n`;
  if (types.includes('boolean')) return `${indent}${name}: \${${stop.next++}|false,true|}\n`;
  if (types.includes('integer') || types.includes('number')) return `${indent}${name}: \${${stop.next++}:1}\n`;
  return `${indent}${name}: \${${stop.next++}:${name}}\n`;
}
