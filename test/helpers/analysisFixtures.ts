// Runs analysis fixtures (test/fixtures/analysis/<code>/<case>.yaml, one workspace per file) through the pure
// engine and turns findings into caret-comparable positions. Shared by the unit, CLI and differential tests.
import path from 'node:path';
import YAML from 'yaml';
import { YamlFile, spanOf, lineStarts, positionAt } from '../../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { CROSS_RESOURCE_ANALYZERS } from '../../server/src/analysis/crossResourceAnalyzers.ts';
import { DEFAULT_MESH_CONFIG, meshConfigFrom, type MeshConfig } from '../../server/src/analysis/meshConfig.ts';
import type { ActualFinding } from './fixtures.ts';
import { fixtureFiles, repoRoot } from './fixtures.ts';

export const ANALYSIS_FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'analysis');

/** Codes the cross-resource analyzers can report (other codes in a fixture are not this suite's business). */
export const CROSS_RESOURCE_CODES: ReadonlySet<string> = new Set(CROSS_RESOURCE_ANALYZERS.flatMap((a) => a.codes));

export function analysisFixtureFiles(): string[] {
  // webhook/ holds the single-resource webhook fixtures; test/helpers/webhookFixtures.ts runs those.
  return fixtureFiles(ANALYSIS_FIXTURES).filter((file) => path.relative(ANALYSIS_FIXTURES, file).split(path.sep)[0] !== 'webhook');
}

/** A fixture's mesh config: the `# mesh-config: {…}` comment (YAML flow), if present. */
export function fixtureMeshConfigText(text: string): string | undefined {
  return /^# mesh-config: (.*)$/m.exec(text)?.[1];
}

export function fixtureMeshConfig(text: string): MeshConfig {
  const inline = fixtureMeshConfigText(text);
  return inline ? meshConfigFrom(YAML.parse(inline)) : DEFAULT_MESH_CONFIG;
}

/** Analyzes one fixture text as a whole workspace with the cross-resource analyzers. */
export function analyzeFixtureText(uri: string, text: string): ActualFinding[] {
  const file = new YamlFile(uri, text);
  const engine = new WorkspaceAnalysis({ analyzers: CROSS_RESOURCE_ANALYZERS, meshConfig: fixtureMeshConfig(text) });
  engine.setFile(uri, file.resources, text);
  const findings = engine.run().findings.get(uri) ?? [];
  const starts = lineStarts(text);
  return findings.map((finding) => {
    const span = spanOf(finding.document, finding.path, finding.on ?? 'value');
    const start = positionAt(starts, span.start);
    return { line: start.line, startCharacter: start.character, code: finding.code, message: finding.message };
  });
}
