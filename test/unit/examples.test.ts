// The example mesh in examples/ must be clean: Meshwright's pipeline (syntax, schema, analysis) reports nothing
// on examples/bookinfo. Each file in examples/broken/ shows one typical mistake and must produce at least one
// finding in that file (analysed together with bookinfo, so references resolve); a `# Expect: IST…` header
// names the Istio code it must produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFindings, repoRoot, runPipeline } from '../helpers/pipeline.ts';

const bookinfoDir = path.join(repoRoot, 'examples', 'bookinfo');
const brokenDir = path.join(repoRoot, 'examples', 'broken');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => path.join(dir, name));
}

function workspace(files: readonly string[]): Map<string, string> {
  return new Map(files.map((file) => [pathToFileURL(file).href, readFileSync(file, 'utf8')]));
}

const bookinfoFiles = yamlFiles(bookinfoDir);

test('the example mesh covers every concept (one file per area)', () => {
  const text = bookinfoFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
  for (const concept of [
    'istio-injection: enabled', 'kind: ServiceAccount', 'kind: Deployment', 'name: http-web', 'credentialName:',
    'kind: ServiceEntry', 'istio: egressgateway', 'weight: 80', 'mirror:', 'retries:', 'timeout:', 'fault:',
    'subsets:', 'loadBalancer:', 'outlierDetection:', 'connectionPool:', 'localityLbSetting:', 'mode: STRICT',
    'kind: RequestAuthentication', 'action: DENY', 'action: ALLOW', 'kind: Sidecar', 'kind: Telemetry',
    'tracing:', 'accessLogging:', 'metrics:', 'kind: GatewayClass', 'kind: HTTPRoute', 'networking.istio.io/v1\n',
    'security.istio.io/v1\n', 'telemetry.istio.io/v1\n', 'gateway.networking.k8s.io/v1\n',
  ]) {
    assert.ok(text.includes(concept), `examples/bookinfo does not show: ${concept.trim()}`);
  }
});

test('Meshwright reports nothing on examples/bookinfo', async () => {
  const result = await runPipeline(workspace(bookinfoFiles));
  assert.deepEqual(result.analyzerErrors, [], 'analyzers crashed on the example');
  assert.equal(result.findings.length, 0, `findings on the example mesh:\n${describeFindings(result.findings)}`);
});

for (const brokenFile of yamlFiles(brokenDir)) {
  const name = path.basename(brokenFile);
  test(`examples/broken/${name} produces a finding`, async () => {
    const text = readFileSync(brokenFile, 'utf8');
    assert.match(text, /^# Mistake: /m, `${name} must start with a "# Mistake:" comment saying what is wrong`);
    const result = await runPipeline(workspace([...bookinfoFiles, brokenFile]));
    const brokenUri = pathToFileURL(brokenFile).href;
    const own = result.findings.filter((finding) => finding.uri === brokenUri);
    const missing = result.missingLayers.length ? `\n(layers not available yet: ${result.missingLayers.join('; ')})` : '';
    assert.ok(own.length > 0, `Meshwright reports nothing on ${name}${missing}`);
    const expected = /^# Expect: ((?:IST\d{4}[ ,]*)+)$/m.exec(text)?.[1]?.split(/[ ,]+/).filter(Boolean) ?? [];
    for (const code of expected) {
      assert.ok(own.some((finding) => finding.code === code), `${name}: expected ${code}, got:\n${describeFindings(own)}`);
    }
  });
}
