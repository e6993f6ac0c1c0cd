// Purpose: `meshwright analyze` — runs the same analysis as the editor (syntax, schema, webhook semantics,
// cross-resource checks) over files and folders, prints text, JSON or SARIF, and sets the exit code:
// 0 = nothing at or above --fail-on, 1 = findings at or above it, 2 = usage or I/O error.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { YamlFile, parsePlainYaml, type Severity } from '../model/index.ts';
import { catalogueEntry, docsAnchor } from '../analysis/catalogue.ts';
import { DEFAULT_MESH_CONFIG, meshConfigFrom, type MeshConfig } from '../analysis/meshConfig.ts';
import { collectYamlFiles } from './files.ts';
import { SCHEMA_BUNDLE_STAMP, usePrecompiledValidators, type ValidatorFactory } from '../schema/index.ts';
import { compareRecords, crossResourceRecords, fileRecords, type AnalyzeRecord } from './analysisRecords.ts';

export type { AnalyzeRecord } from './analysisRecords.ts';

export interface AnalyzeIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const VERSION = '0.1.0';
const DOCS_URL = 'https://github.com/meshwright/meshwright/blob/main/docs/diagnostics.md';

const USAGE = `usage: meshwright analyze [--output text|json|sarif] [--mesh-config FILE] [--fail-on error|warning|info] <files or dirs>…
  --output, -o      text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --mesh-config     Istio mesh config (MeshConfig YAML, or the istio ConfigMap) for mesh-dependent checks
  --fail-on         exit 1 when a finding at or above this level exists (default: error)
Directories are searched recursively for *.yaml and *.yml files.
`;

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

interface Options {
  output: 'text' | 'json' | 'sarif';
  meshConfig?: string;
  failOn: Severity;
  inputs: string[];
}

function parseArgs(args: readonly string[]): Options | string {
  const options: Options = { output: 'text', failOn: 'error', inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    try {
      if (flag === '--output' || flag === '-o') {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') return `unknown output format "${v}"`;
        options.output = v;
      } else if (flag === '--mesh-config') options.meshConfig = value();
      else if (flag === '--fail-on') {
        const v = value();
        if (v !== 'error' && v !== 'warning' && v !== 'info') return `--fail-on must be error, warning or info, not "${v}"`;
        options.failOn = v;
      } else if (flag === '--help' || flag === '-h') return '';
      else if (flag.startsWith('-') && flag !== '-') return `unknown option ${flag}`;
      else options.inputs.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (options.inputs.length === 0) return 'no files or directories given';
  return options;
}

export function loadMeshConfig(file: string): MeshConfig {
  return meshConfigFrom(parsePlainYaml(fs.readFileSync(file, 'utf8')), parsePlainYaml);
}

/**
 * Uses the schema validators generated at build time next to the CLI's chunks (dist/cli/validators), when they
 * were generated from this build's schema bundle; otherwise (e.g. running from source) schemas are compiled.
 */
function usePrecompiledValidatorsBesideCli(): void {
  const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'validators');
  let manifest: { bundleStamp?: string; files?: Record<string, string> };
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  } catch {
    return;
  }
  if (manifest.bundleStamp !== SCHEMA_BUNDLE_STAMP || !manifest.files) return;
  const files = manifest.files;
  const load = createRequire(import.meta.url);
  usePrecompiledValidators((id) => (Object.hasOwn(files, id) ? (load(path.join(folder, files[id]!)) as ValidatorFactory) : undefined));
}

/** Analyzes files in process and returns the records (exported for tests and the benchmark). */
export function analyzeFiles(files: readonly string[], meshConfig: MeshConfig = DEFAULT_MESH_CONFIG): AnalyzeRecord[] {
  const timings = new PhaseTimer();
  const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
  timings.lap('read');
  const parsed = files.map((file, i) => new YamlFile(path.resolve(file), texts[i]!));
  timings.lap('parse');
  const records = crossResourceRecords(parsed, meshConfig);
  timings.lap('cross-resource analysis');
  for (const yamlFile of parsed) records.push(...fileRecords(yamlFile, meshConfig));
  timings.lap('schema and webhook checks');
  records.sort(compareRecords);
  timings.report();
  return records;
}

function formatText(records: readonly AnalyzeRecord[], fileCount: number): string {
  const lines = records.map((r) => {
    const level = r.level[0]!.toUpperCase() + r.level.slice(1);
    const resource = r.resource ? ` (${r.resource.kind} ${r.resource.namespace ? `${r.resource.namespace}/` : ''}${r.resource.name})` : '';
    return `${level} [${r.code}]${resource} ${r.file}:${r.line}:${r.column} ${r.message}`;
  });
  const counts = (['error', 'warning', 'info'] as const).map((l) => `${records.filter((r) => r.level === l).length} ${l}${l === 'info' ? '' : 's'}`);
  lines.push(records.length === 0 ? `✔ No problems found in ${fileCount} file(s).` : `${counts.join(', ')} in ${fileCount} file(s).`);
  return lines.join('\n') + '\n';
}

function formatSarif(records: readonly AnalyzeRecord[]): string {
  const codes = [...new Set(records.map((r) => r.code))].sort();
  const rules = codes.map((code) => {
    let entry: ReturnType<typeof catalogueEntry> | undefined;
    try {
      entry = catalogueEntry(code);
    } catch {
      entry = undefined;
    }
    return {
      id: code,
      ...(entry ? { name: entry.name, shortDescription: { text: entry.title }, fullDescription: { text: entry.docs }, defaultConfiguration: { level: sarifLevel(entry.level) } } : {}),
      helpUri: `${DOCS_URL}${docsAnchor(code)}`,
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'meshwright', version: VERSION, informationUri: DOCS_URL, rules } },
        results: records.map((r) => ({
          ruleId: r.code,
          ruleIndex: codes.indexOf(r.code),
          level: sarifLevel(r.level),
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: path.isAbsolute(r.file) ? pathToFileURL(r.file).href : r.file },
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
              ...(r.resource ? { logicalLocations: [{ name: r.resource.name, fullyQualifiedName: `${r.resource.kind}/${r.resource.namespace ? `${r.resource.namespace}/` : ''}${r.resource.name}`, kind: 'resource' }] } : {}),
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function sarifLevel(level: Severity): 'error' | 'warning' | 'note' {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'note';
}

export async function runAnalyze(args: string[], io: AnalyzeIO): Promise<number> {
  const parsed = parseArgs(args[0] === 'analyze' ? args.slice(1) : args);
  if (typeof parsed === 'string') {
    if (parsed) io.stderr(`meshwright analyze: ${parsed}\n`);
    io.stderr(USAGE);
    return parsed ? 2 : 0;
  }
  let files: string[];
  let meshConfig = DEFAULT_MESH_CONFIG;
  try {
    files = collectYamlFiles(parsed.inputs);
    if (parsed.meshConfig) meshConfig = loadMeshConfig(parsed.meshConfig);
  } catch (error) {
    io.stderr(`meshwright analyze: ${(error as Error).message}\n`);
    return 2;
  }
  let records: AnalyzeRecord[];
  try {
    usePrecompiledValidatorsBesideCli();
    records = analyzeFiles(files, meshConfig);
  } catch (error) {
    io.stderr(`meshwright analyze: ${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.output === 'json') {
    io.stdout(JSON.stringify(records.map(({ endLine: _l, endColumn: _c, ...rest }) => rest), null, 2) + '\n');
  } else if (parsed.output === 'sarif') io.stdout(formatSarif(records));
  else io.stdout(formatText(records, files.length));
  const threshold = RANK[parsed.failOn];
  return records.some((r) => RANK[r.level] >= threshold) ? 1 : 0;
}

/**
 * With MESHWRIGHT_TIMINGS=1, how long each phase of a run took on stderr: wall-clock and this thread's CPU time
 * (which a busy machine disturbs less). Used when tuning and by the benchmark.
 */
class PhaseTimer {
  private readonly enabled = process.env.MESHWRIGHT_TIMINGS === '1';
  private readonly laps: string[] = [];
  // process.hrtime, not performance.now(): the first use of `performance` loads a module (~2 ms).
  private lastWall = this.enabled ? wallMs() : 0;
  private lastCpu = this.enabled ? threadCpuMs() : 0;

  lap(phase: string): void {
    if (!this.enabled) return;
    const wall = wallMs();
    const cpu = threadCpuMs();
    this.laps.push(`${phase} ${(wall - this.lastWall).toFixed(0)} ms (cpu ${(cpu - this.lastCpu).toFixed(0)})`);
    this.lastWall = wall;
    this.lastCpu = cpu;
  }

  report(): void {
    if (this.enabled) process.stderr.write(`meshwright timings: ${this.laps.join(', ')}; process up ${(process.uptime() * 1000).toFixed(0)} ms\n`);
  }
}

function wallMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function threadCpuMs(): number {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
