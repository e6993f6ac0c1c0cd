// Hover through case tables (test/fixtures/hover/*.yaml; the first `|` in a case's text is the cursor, see
// test/helpers/cursor.ts): field docs, allowed values, defaults, release and reference links.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { YamlFile } from '../../server/src/model/index.ts';
import { hoverAt } from '../../server/src/ide/hover.ts';
import { caseTables, withCursor } from '../helpers/cursor.ts';
import { repoRoot } from '../helpers/fixtures.ts';

interface HoverCase {
  name: string;
  text: string;
  contains?: string[];
  none?: boolean;
}

for (const { file, cases } of caseTables<HoverCase>(path.join(repoRoot(), 'test/fixtures/hover'))) {
  describe(`hover ${path.basename(file, '.yaml')}`, () => {
    for (const testCase of cases) {
      it(testCase.name, () => {
        const { text, offset } = withCursor(testCase.text);
        const file = new YamlFile('file:///case.yaml', text);
        const hover = hoverAt(file, offset);
        if (testCase.none) {
          assert.equal(hover, null);
          return;
        }
        assert.ok(hover, 'a hover');
        const contents = hover.contents as { kind: string; value: string };
        assert.equal(contents.kind, 'markdown');
        for (const expected of testCase.contains ?? []) assert.ok(contents.value.includes(expected), `contains ${expected}:\n${contents.value}`);
        assert.ok(hover.range, 'has a range');
        const start = file.offsetAt(hover.range.start);
        const end = file.offsetAt(hover.range.end);
        assert.ok(start <= offset && offset <= end, 'the range covers the cursor');
      });
    }
  });
}
