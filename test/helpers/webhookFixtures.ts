// Runs webhook fixtures (test/fixtures/analysis/webhook/<kind>/<case>.yaml) through the pure engine with the
// single-resource webhook and CEL analyzers, as caret-comparable findings. Shared by the unit test and tools.
import path from 'node:path';
import { YamlFile, spanOf, lineStarts, positionAt } from '../../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { WEBHOOK_ANALYZERS } from '../../server/src/analysis/registry.ts';
import type { ActualFinding } from './fixtures.ts';
import { fixtureFiles, repoRoot } from './fixtures.ts';

export const WEBHOOK_FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'analysis', 'webhook');

/** Codes the webhook and CEL analyzers can report. */
export const WEBHOOK_CODES: ReadonlySet<string> = new Set(WEBHOOK_ANALYZERS.flatMap((analyzer) => analyzer.codes));

export function webhookFixtureFiles(): string[] {
  return fixtureFiles(WEBHOOK_FIXTURES);
}

export interface LocatedFinding extends ActualFinding {
  readonly endCharacter: number;
  readonly endLine: number;
}

/** Analyzes one fixture text with the webhook analyzers. */
export function analyzeWebhookFixture(uri: string, text: string): LocatedFinding[] {
  const file = new YamlFile(uri, text);
  const engine = new WorkspaceAnalysis({ analyzers: WEBHOOK_ANALYZERS });
  engine.setFile(uri, file.resources, text);
  const findings = engine.run().findings.get(uri) ?? [];
  const starts = lineStarts(text);
  return findings.map((finding) => {
    const span = spanOf(finding.document, finding.path, finding.on ?? 'value');
    const start = positionAt(starts, span.start);
    const end = positionAt(starts, span.end);
    return { line: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character, code: finding.code, message: finding.message };
  });
}
