// Cursor convention of the completion and hover case tables: the first `|` in a case's text marks the cursor
// (it is removed before parsing). Case tables are YAML lists of cases under test/fixtures/{completion,hover}.
import { parse } from 'yaml';
import { fixtureFiles, readFixture } from './fixtures.ts';

export interface CursorText {
  readonly text: string;
  readonly offset: number;
}

/** Splits `a: |b` into the text without the marker and the marker's offset. */
export function withCursor(marked: string): CursorText {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error(`no cursor marker "|" in:\n${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Every case of every table in a folder, with the file it comes from. */
export function caseTables<Case extends { name: string; text: string }>(folder: string): { file: string; cases: Case[] }[] {
  return fixtureFiles(folder).map((file) => ({ file, cases: parse(readFixture(file)) as Case[] }));
}
