// Every snippet contributed in package.json, expanded with its defaults, is valid mesh configuration: zero
// findings from Meshwright's pipeline, analysed next to the example application (so the services, gateways
// and namespaces the defaults name exist). Also checks the snippet syntax expander itself and tab-stop hygiene.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expandSnippet } from '../helpers/snippetSyntax.ts';
import { describeFindings, repoRoot, runPipeline } from '../helpers/pipeline.ts';

interface SnippetContribution { language: string; path: string }
interface Snippet { prefix: string; description: string; body: string[] }

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { snippets: SnippetContribution[] };
};
const contributions = manifest.contributes.snippets;

/** The example application minus its routing and policies, so snippet resources do not collide with them. */
const context = ['namespaces.yaml', 'app.yaml', 'gateways.yaml', 'gateway-api.yaml'].map((name) =>
  path.join(repoRoot, 'examples', 'bookinfo', name),
);

test('snippet expansion follows VS Code syntax', () => {
  assert.equal(expandSnippet('a: ${1:x}\nb: $1\nc: ${2|one,two|}\n$0').text, 'a: x\nb: x\nc: one\n');
  assert.equal(expandSnippet('${1:outer ${2:inner}} $2').text, 'outer inner inner');
  assert.equal(expandSnippet('host: ${3:$1}-${1:reviews}').text, 'host: reviews-reviews');
  assert.equal(expandSnippet('\\$HOME \\} \\\\ ${1|a\\,b,c|} ${TM_FILENAME:file} $UNKNOWN').text, '$HOME } \\ a,b file ');
  assert.deepEqual(expandSnippet('$2 ${1:a} $0').tabStops, [2, 1, 0]);
  assert.equal(expandSnippet('cost: 5$').text, 'cost: 5$');
});

test('snippets are contributed for YAML', () => {
  assert.ok(contributions.length > 0, 'package.json contributes no snippets');
  for (const contribution of contributions) assert.equal(contribution.language, 'yaml');
});

for (const contribution of contributions) {
  const snippets = JSON.parse(readFileSync(path.join(repoRoot, contribution.path), 'utf8')) as Record<string, Snippet>;
  for (const [name, snippet] of Object.entries(snippets)) {
    test(`snippet "${name}" (${snippet.prefix}) expands to valid configuration`, async () => {
      assert.ok(snippet.description, 'every snippet has a description');
      const { text, tabStops } = expandSnippet(snippet.body);
      const numbered = tabStops.filter((index) => index > 0).sort((a, b) => a - b);
      assert.ok(numbered.length > 0, 'a snippet needs tab stops for the names the user must choose');
      assert.deepEqual(numbered, numbered.map((_, i) => i + 1), `tab stops must be numbered 1..n without gaps: ${numbered}`);
      assert.ok(tabStops.includes(0), 'the snippet ends with $0');
      assert.doesNotMatch(text, /\t/, 'YAML must be indented with spaces');
      for (const old of ['v1alpha3', 'v1beta1', 'v1alpha1']) assert.ok(!text.includes(old), `uses an old API version (${old})`);

      const snippetUri = pathToFileURL(path.join(repoRoot, 'snippets', `${snippet.prefix}.yaml`)).href;
      const files = new Map(context.map((file) => [pathToFileURL(file).href, readFileSync(file, 'utf8')]));
      files.set(snippetUri, text);
      const result = await runPipeline(files);
      assert.deepEqual(result.analyzerErrors, [], 'analyzers crashed');
      const own = result.findings.filter((finding) => finding.uri === snippetUri);
      assert.equal(own.length, 0, `findings on the expanded snippet:\n${describeFindings(own)}\n---\n${text}`);
      assert.ok(result.missingLayers.length === 0, `pipeline layers missing: ${result.missingLayers.join('; ')}`);
    });
  }
}
