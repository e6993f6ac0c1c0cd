// Fixture helpers: expectations live inside YAML fixtures as caret comments under the offending line.
//
//   spec:
//     subset: v9
//   #         ^^ IST0101
//
// A caret line is a comment whose carets sit under the expected columns of the previous non-comment line,
// followed by one or more codes. Carets written right after the `#` (`#^^ CODE`) start at column 0: the `#`
// itself stands over column 0. A fixture without caret lines expects no findings at all.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

export interface ExpectedFinding {
  readonly line: number; // zero-based line of the YAML the carets point at
  readonly startCharacter: number;
  readonly endCharacter: number;
  readonly code: string;
}

export interface ActualFinding {
  readonly line: number;
  readonly startCharacter: number;
  readonly endCharacter?: number;
  readonly code: string;
  readonly message?: string;
}

const CARET_LINE = /^(\s*)#(\s*)(\^+)\s+((?:[A-Z]+\d+[\s,]*)+)\s*$/;

/** Reads caret expectations from fixture text. */
export function expectedFindings(text: string): ExpectedFinding[] {
  const lines = text.split('\n');
  const expected: ExpectedFinding[] = [];
  let target = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const match = CARET_LINE.exec(line);
    if (!match) {
      if (!/^\s*#/.test(line)) target = i;
      continue;
    }
    if (target < 0) throw new Error(`caret line ${i + 1} has no YAML line above it`);
    // `#^` with nothing between: the carets begin at column 0 (the `#` covers it).
    const atLineStart = match[1] === '' && match[2] === '';
    const startCharacter = atLineStart ? 0 : line.indexOf('^');
    const endCharacter = startCharacter + match[3]!.length + (atLineStart ? 1 : 0);
    for (const code of match[4]!.split(/[\s,]+/).filter(Boolean)) {
      expected.push({ line: target, startCharacter, endCharacter, code });
    }
  }
  return expected;
}

/** Compares actual findings with the fixture's carets: same code, same line, and the start column. */
export function assertMatchesFixture(file: string, text: string, actual: readonly ActualFinding[], codes?: (code: string) => boolean): void {
  const relevant = codes ? actual.filter((finding) => codes(finding.code)) : actual;
  const expected = expectedFindings(text).filter((finding) => !codes || codes(finding.code));
  const show = (f: { line: number; startCharacter: number; code: string }) => `${f.code}@${f.line + 1}:${f.startCharacter + 1}`;
  const actualKeys = relevant.map(show).sort();
  const expectedKeys = expected.map(show).sort();
  const details = relevant.map((f) => `  ${show(f)} ${f.message ?? ''}`).join('\n');
  assert.deepEqual(actualKeys, expectedKeys, `${path.basename(file)}: findings differ from the carets.\nActual:\n${details}`);
}

/** All fixture files with one of the extensions under a folder, recursively, sorted. */
export function fixtureFiles(folder: string, extensions = ['.yaml', '.yml']): string[] {
  let names: string[];
  try {
    names = readdirSync(folder, { recursive: true }).map(String);
  } catch {
    return [];
  }
  return names
    .map((name) => path.join(folder, name))
    .filter((file) => extensions.some((ext) => file.endsWith(ext)) && statSync(file).isFile())
    .sort();
}

export function readFixture(file: string): string {
  return readFileSync(file, 'utf8');
}

/** The repository root (tests run from it; MESHWRIGHT_ROOT is set by scripts/test.mjs). */
export function repoRoot(): string {
  return process.env['MESHWRIGHT_ROOT'] ?? process.cwd();
}
