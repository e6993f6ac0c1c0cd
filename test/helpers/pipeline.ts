// Runs Meshwright's pure pipeline (model → schema validation → analysis engine) over a set of YAML texts, the
// way the language server does, for tests that only care which findings a workspace produces (examples,
// snippets). Layers that do not exist yet are skipped and listed in `missingLayers`, so callers can fail with
// a clear message instead of passing vacuously.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { YamlFile, spanOf, type Finding, type Resource } from '../../server/src/model/index.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A finding reduced to what a test message needs. */
export interface PipelineFinding {
  readonly uri: string;
  readonly code: string;
  readonly message: string;
  readonly line: number; // zero-based, -1 when unknown
}

export interface PipelineResult {
  readonly findings: PipelineFinding[];
  /** Layers that were not found in this checkout (e.g. 'schema validateResource'). */
  readonly missingLayers: string[];
  /** Analyzer crashes reported by the engine. */
  readonly analyzerErrors: string[];
}

type ValidateResource = (resource: Resource) => readonly Finding[] | undefined;
interface EngineLike {
  setFile(uri: string, resources: readonly Resource[], text?: string): void;
  run(): { findings: ReadonlyMap<string, readonly Finding[]> };
  errors?: { analyzer: string; error: unknown }[];
}

async function importIfPresent(relative: string): Promise<Record<string, unknown> | undefined> {
  const file = path.join(repoRoot, relative);
  if (!existsSync(file)) return undefined;
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

let cachedValidate: ValidateResource | null | undefined;
async function schemaValidator(): Promise<ValidateResource | undefined> {
  if (cachedValidate !== undefined) return cachedValidate ?? undefined;
  for (const candidate of ['server/src/schema/index.ts', 'server/src/schema/validate.ts']) {
    const module = await importIfPresent(candidate);
    if (typeof module?.validateResource === 'function') {
      cachedValidate = module.validateResource as ValidateResource;
      return cachedValidate;
    }
  }
  cachedValidate = null;
  return undefined;
}

async function analysisEngine(): Promise<EngineLike | undefined> {
  const module = await importIfPresent('server/src/analysis/engine.ts');
  const Engine = module?.WorkspaceAnalysis as (new () => EngineLike) | undefined;
  return Engine ? new Engine() : undefined;
}

/** Runs the pipeline over `files` (uri → text) as one workspace. */
export async function runPipeline(files: ReadonlyMap<string, string>): Promise<PipelineResult> {
  const findings: PipelineFinding[] = [];
  const missingLayers: string[] = [];
  const analyzerErrors: string[] = [];
  const parsed = new Map<string, YamlFile>();
  for (const [uri, text] of files) parsed.set(uri, new YamlFile(uri, text));

  const lineOf = (uri: string, finding: Finding): number => {
    const file = parsed.get(uri);
    if (!file) return -1;
    try {
      const span = spanOf(finding.document, finding.path, finding.on ?? 'key');
      return file.positionAt(finding.document.offset + span.start).line;
    } catch {
      return -1;
    }
  };
  const add = (finding: Finding) =>
    findings.push({ uri: finding.uri, code: finding.code, message: finding.message, line: lineOf(finding.uri, finding) });

  // Syntax problems found by the model itself.
  for (const [uri, file] of parsed) {
    for (const document of file.documents) {
      for (const problem of document.problems) {
        const line = file.positionAt(document.offset + problem.start).line;
        findings.push({ uri, code: problem.code, message: problem.message, line });
      }
    }
  }

  const validate = await schemaValidator();
  if (!validate) missingLayers.push('schema: no validateResource exported by server/src/schema/index.ts or validate.ts');
  else for (const file of parsed.values()) for (const resource of file.resources) for (const f of validate(resource) ?? []) add(f);

  const engine = await analysisEngine();
  if (!engine) missingLayers.push('analysis: server/src/analysis/engine.ts (WorkspaceAnalysis) not found');
  else {
    for (const [uri, file] of parsed) engine.setFile(uri, file.resources, files.get(uri));
    const result = engine.run();
    for (const list of result.findings.values()) for (const f of list) add(f);
    for (const { analyzer, error } of engine.errors ?? []) analyzerErrors.push(`${analyzer}: ${String(error)}`);
  }
  return { findings, missingLayers, analyzerErrors };
}

/** One line per finding, for assertion messages. */
export function describeFindings(findings: readonly PipelineFinding[]): string {
  return findings.map((f) => `  ${f.uri}:${f.line + 1} ${f.code} ${f.message}`).join('\n');
}
