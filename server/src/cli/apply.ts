// Purpose: the `meshwright apply` and `meshwright diff` subcommands — the same engine, semantics and report
// as the VS Code commands. Exit codes: apply 0 = success, 1 = failed/conflict/cancelled, 2 = usage or refused;
// diff (like kubectl diff) 0 = no differences, 1 = differences, 2 = error.

import fs from 'node:fs';
import path from 'node:path';
import { formatReport, runApply } from '../../../kube/index.ts';
import type { ApplyMode, SourceText } from '../../../kube/index.ts';

export type CommandIO = {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Environment to read (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /** Standard input text, for the `-` file argument. */
  stdin?: () => Promise<string>;
};

const USAGE = `usage:
  meshwright apply [--dry-run] [--context C] [--namespace N] [--kubeconfig FILE] [--force-conflicts] <files or folders…>
  meshwright diff [--context C] [--namespace N] [--kubeconfig FILE] <files or folders…>
options:
  --request-timeout SECONDS   per request time limit (default 30)
  --exec-timeout SECONDS      time limit for kubeconfig exec credential plugins (default 120)
  --concurrency N             requests in flight at once (default 8)
  --json                      print the result as JSON instead of a table
Set MESHWRIGHT_UNTRUSTED=1 to make the command refuse (used by editors for untrusted workspaces).
`;

type ParsedArgs = {
  command: 'apply' | 'diff';
  dryRun: boolean;
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  force: boolean;
  json: boolean;
  requestTimeoutMs?: number;
  execTimeoutMs?: number;
  concurrency?: number;
  files: string[];
};

class UsageError extends Error {}

function parseArgs(args: string[]): ParsedArgs {
  const [command, ...rest] = args;
  if (command !== 'apply' && command !== 'diff') throw new UsageError(`unknown command "${command ?? ''}"`);
  const parsed: ParsedArgs = { command, dryRun: false, force: false, json: false, files: [] };
  const valueOf = (flag: string, index: number, inline: string | undefined): [string, number] => {
    if (inline !== undefined) return [inline, index];
    const value = rest[index + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return [value, index + 1];
  };
  const seconds = (flag: string, value: string) => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${flag} must be a positive number of seconds`);
    return Math.round(number * 1000);
  };
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index]!;
    if (!argument.startsWith('-') || argument === '-') {
      parsed.files.push(argument);
      continue;
    }
    const equals = argument.indexOf('=');
    const flag = equals > 0 ? argument.slice(0, equals) : argument;
    const inline = equals > 0 ? argument.slice(equals + 1) : undefined;
    let value: string;
    switch (flag) {
      case '--dry-run':
        if (command === 'diff') throw new UsageError('--dry-run is only for apply (diff never writes)');
        if (inline !== undefined && inline !== 'server' && inline !== 'true') throw new UsageError('only a server dry-run is supported (--dry-run or --dry-run=server)');
        parsed.dryRun = true;
        break;
      case '--force-conflicts':
        parsed.force = true;
        break;
      case '--json':
        parsed.json = true;
        break;
      case '--context':
        [value, index] = valueOf(flag, index, inline);
        parsed.context = value;
        break;
      case '-n':
      case '--namespace':
        [value, index] = valueOf(flag, index, inline);
        parsed.namespace = value;
        break;
      case '--kubeconfig':
        [value, index] = valueOf(flag, index, inline);
        parsed.kubeconfig = value;
        break;
      case '--request-timeout':
        [value, index] = valueOf(flag, index, inline);
        parsed.requestTimeoutMs = seconds(flag, value);
        break;
      case '--exec-timeout':
        [value, index] = valueOf(flag, index, inline);
        parsed.execTimeoutMs = seconds(flag, value);
        break;
      case '--concurrency':
        [value, index] = valueOf(flag, index, inline);
        parsed.concurrency = Number.parseInt(value, 10);
        if (!(parsed.concurrency > 0)) throw new UsageError('--concurrency must be a positive integer');
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (parsed.force && command === 'diff') throw new UsageError('--force-conflicts is only for apply');
  if (parsed.files.length === 0) throw new UsageError('no files given');
  return parsed;
}

/** Expand folders (recursively, sorted) into .yaml/.yml files and read everything. */
async function readSources(files: string[], io: CommandIO): Promise<SourceText[]> {
  const sources: SourceText[] = [];
  const visit = (target: string) => {
    const stat = fs.statSync(target);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(target).sort()) {
        const child = path.join(target, entry);
        if (fs.statSync(child).isDirectory() || /\.ya?ml$/i.test(entry)) visit(child);
      }
    } else {
      sources.push({ source: target, text: fs.readFileSync(target, 'utf8') });
    }
  };
  for (const file of files) {
    if (file === '-') {
      sources.push({ source: '<stdin>', text: io.stdin ? await io.stdin() : fs.readFileSync(0, 'utf8') });
      continue;
    }
    if (!fs.existsSync(file)) throw new UsageError(`no such file or folder: ${file}`);
    visit(file);
  }
  return sources;
}

export async function runApplyCommand(args: string[], io: CommandIO): Promise<number> {
  const env = io.env ?? process.env;
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`meshwright: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const trusted = !/^(1|true|yes)$/i.test(env.MESHWRIGHT_UNTRUSTED ?? '');
  let sources: SourceText[];
  try {
    sources = trusted ? await readSources(parsed.files, io) : [];
  } catch (error) {
    io.stderr.write(`meshwright: ${(error as Error).message}\n`);
    return 2;
  }
  const mode: ApplyMode = parsed.command === 'diff' ? 'diff' : parsed.dryRun ? 'dry-run' : 'apply';
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await runApply({
      trusted,
      mode,
      sources,
      kubeconfigPaths: parsed.kubeconfig ? [parsed.kubeconfig] : undefined,
      context: parsed.context,
      namespace: parsed.namespace,
      force: parsed.force,
      signal: controller.signal,
      requestTimeoutMs: parsed.requestTimeoutMs,
      execTimeoutMs: parsed.execTimeoutMs,
      concurrency: parsed.concurrency,
    });
    if (parsed.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout.write(formatReport(result, { includeDiffs: mode === 'diff' }));
    if (result.outcome === 'refused') {
      io.stderr.write(`meshwright: ${result.summary}\n`);
      return 2;
    }
    if (result.outcome === 'conflict' && !parsed.json) {
      io.stderr.write('meshwright: conflicts were not forced; re-run with --force-conflicts to take ownership of the listed fields.\n');
    }
    if (mode === 'diff') {
      if (result.outcome !== 'diff') return 2;
      return result.rows.some((row) => row.diff) ? 1 : 0;
    }
    return result.outcome === 'applied' || result.outcome === 'dry-run' ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
