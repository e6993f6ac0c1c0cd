// Extension-host tests: run inside a real VS Code extension host (desktop via @vscode/test-electron's runner, or
// code-server's remote extension host — see runInCodeServer.test.ts) with the `vscode` API. `run()` is the entry
// point both runners call; it resolves when every case passed and rejects otherwise. A tiny sequential runner
// replaces mocha so the bundle has no test-framework dependency; results also go to $MESHWRIGHT_EH_RESULTS.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const EXTENSION_ID = 'meshwright.meshwright';
const DEADLINE_MS = 60_000;

interface CaseResult { name: string; passed: boolean; error?: string; ms: number }
const cases: { name: string; run: () => Promise<void> }[] = [];
function testCase(name: string, run: () => Promise<void>): void {
  cases.push({ name, run });
}

/** Resolves once `condition` holds, re-checking whenever diagnostics change; rejects at the deadline. */
function waitForDiagnostics(uri: vscode.Uri, condition: (list: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const list = vscode.languages.getDiagnostics(uri);
      if (!condition(list)) return false;
      cleanup();
      resolve(list);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`diagnostics for ${uri.fsPath} did not arrive within ${DEADLINE_MS} ms; have: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`));
    }, DEADLINE_MS);
    const cleanup = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the example mesh)');
  return vscode.Uri.joinPath(folder.uri, relative);
}

testCase('the extension activates', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
  await extension.activate();
  assert.equal(extension.isActive, true);
});

testCase('every command in package.json is registered', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributed = ((extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []).map((c) => c.command);
  assert.ok(contributed.length > 0, 'package.json contributes no commands');
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
});

testCase('diagnostics for a broken VirtualService arrive through the vscode API', async () => {
  const uri = workspaceFile('broken-virtualservice.yaml');
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const list = await waitForDiagnostics(uri, (diagnostics) => diagnostics.some((d) => codeOf(d) === 'IST0101'));
  const finding = list.find((d) => codeOf(d) === 'IST0101')!;
  assert.equal(finding.source, 'meshwright');
  assert.match(document.getText(finding.range), /v2/, 'the squiggle is on the unknown subset');
});

testCase('the example mesh has no Meshwright diagnostics', async () => {
  const uri = workspaceFile('bookinfo/routing.yaml');
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  // The broken file proved the server publishes; give the example a chance to publish too, then check.
  await waitForDiagnostics(workspaceFile('broken-virtualservice.yaml'), (d) => d.length > 0);
  const own = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'meshwright');
  assert.deepEqual(own.map((d) => `${codeOf(d)} ${d.message}`), []);
});

/** Language-server processes started by this extension host (Linux: read from /proc). */
function serverProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('server.cjs')) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Resolves once `probe` returns a value, polling on a short interval; rejects at the deadline. */
async function eventually<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

testCase('a language server that dies is restarted, and diagnostics keep coming', async () => {
  const [before] = await eventually('the language server process to exist', () => (serverProcesses().length ? serverProcesses() : undefined));
  process.kill(before!, 'SIGKILL');
  const after = await eventually('a new language server process', () => serverProcesses().find((pid) => pid !== before));
  assert.notEqual(after, before);
  const document = await vscode.workspace.openTextDocument({
    language: 'yaml',
    content: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: after-restart\nspec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBINX\n',
  });
  const list = await waitForDiagnostics(document.uri, (diagnostics) => diagnostics.some((d) => codeOf(d) === 'MW0103'));
  assert.ok(list.length > 0);
});

export async function run(): Promise<void> {
  const results: CaseResult[] = [];
  for (const entry of cases) {
    const started = Date.now();
    try {
      await entry.run();
      results.push({ name: entry.name, passed: true, ms: Date.now() - started });
      console.log(`  ✔ ${entry.name}`);
    } catch (error) {
      results.push({ name: entry.name, passed: false, error: String((error as Error)?.stack ?? error), ms: Date.now() - started });
      console.log(`  ✖ ${entry.name}\n${String((error as Error)?.message ?? error)}`);
    }
  }
  const resultsFile = process.env.MESHWRIGHT_EH_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  const failed = results.filter((result) => !result.passed);
  if (failed.length) throw new Error(`${failed.length} of ${results.length} extension-host tests failed: ${failed.map((f) => f.name).join('; ')}`);
}
