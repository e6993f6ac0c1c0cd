// Runs the extension-host suite (suite.ts, written for @vscode/test-electron's runner) in a real VS Code extension
// host here, without VS Code desktop: code-server's web workbench accepts VS Code's development payload
// (`extensionDevelopmentPath`, `extensionTestsPath`), its remote extension host loads Meshwright from the repo
// and calls the suite's run(); the workbench reports the exit code through window.codeAutomationExit.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Workbench, baseSetup, prepareWorkspace, removeFolder, repoRoot, STARTUP_TIMEOUT } from '../e2e/workbench.ts';

/**
 * A built VS Code workbench honours the development payload only with the smoke-test driver enabled, which
 * code-server's CLI does not expose; so the page's embedded workbench configuration is read with that option on
 * (an init script, running before the workbench reads its configuration).
 */
function enableDevelopmentPayload(): void {
  const original = Element.prototype.getAttribute;
  Element.prototype.getAttribute = function (this: Element, name: string) {
    const value = original.call(this, name);
    if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !value) return value;
    const configuration = JSON.parse(value) as { developmentOptions?: Record<string, unknown> };
    configuration.developmentOptions = { ...configuration.developmentOptions, enableSmokeTestDriver: true };
    return JSON.stringify(configuration);
  };
}

interface CaseResult { name: string; passed: boolean; error?: string; ms: number }

let workbench: Workbench | undefined;
let folder: string | undefined;
after(async () => {
  await workbench?.stop();
  if (folder) removeFolder(folder);
});

test('extension-host suite passes in code-server’s extension host', { timeout: 10 * 60_000 }, async () => {
  const client = path.join(repoRoot, 'dist', 'client.cjs');
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main?: string };
  assert.ok(existsSync(path.join(repoRoot, manifest.main ?? 'missing')), `package.json main (${manifest.main}) is not built; expected ${client}`);
  const { buildSuite } = (await import(path.join(repoRoot, 'test', 'extension-host', 'build.mjs'))) as { buildSuite(): Promise<string> };
  const suite = await buildSuite();
  const base = await baseSetup();
  const resultsFile = path.join(base.root, 'extension-host-results.json');
  folder = prepareWorkspace('extension-host', {
    'broken-virtualservice.yaml': readFileSync(path.join(repoRoot, 'examples', 'broken', 'vs-unknown-subset.yaml'), 'utf8'),
  });
  const emptyExtensions = path.join(base.root, 'no-extensions');
  mkdirSync(emptyExtensions, { recursive: true });

  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  workbench = await Workbench.start({
    name: 'extension-host',
    folder,
    disableWorkspaceTrust: true,
    extensionsDir: emptyExtensions,
    env: { MESHWRIGHT_EH_RESULTS: resultsFile },
    beforeNavigate: async (page) => {
      await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
      await page.addInitScript(enableDevelopmentPayload);
    },
    query: (authority) => {
      const remote = (file: string) => `vscode-remote://${authority}${file}`;
      const payload = [['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(suite)]];
      return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
  });
  const code = await Promise.race([
    exited,
    new Promise<number>((_, reject) =>
      AbortSignal.timeout(STARTUP_TIMEOUT * 2).addEventListener('abort', () => reject(new Error('the extension host never reported an exit code'))),
    ),
  ]);
  const results: CaseResult[] = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
  for (const result of results) console.log(`  ${result.passed ? '✔' : '✖'} [extension host] ${result.name} (${result.ms} ms)${result.error ? `\n${result.error}` : ''}`);
  assert.ok(results.length > 0, `the suite wrote no results (exit code ${code}); see test-output/e2e/code-server-extension-host.log`);
  assert.deepEqual(results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.error}`), []);
  assert.equal(code, 0, 'extension host exit code');
});
