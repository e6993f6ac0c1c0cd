// The incremental analysis engine agrees with a fresh one: random edits (renamed hosts, subsets, gateways,
// namespaces, modes; files removed and restored) over a workspace built from the analysis fixtures, and after
// every step the findings of the long-lived engine equal those of an engine that analysed the files anew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { YamlFile } from '../../server/src/model/index.ts';
import type { Finding } from '../../server/src/model/index.ts';
import { WorkspaceAnalysis } from '../../server/src/analysis/engine.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const fixtures = path.join(repoRoot(), 'test', 'fixtures', 'analysis');
const pool = readdirSync(fixtures)
  .flatMap((code) => readdirSync(path.join(fixtures, code)).filter((name) => name.endsWith('.yaml')).map((name) => path.join(fixtures, code, name)))
  .sort();
const originals = new Map(pool.map((file) => [file, readFileSync(file, 'utf8')]));

/** Words whose replacement changes cross-resource relations (references, namespaces, mTLS modes). */
const WORDS = ['v1', 'v2', 'v3', 'reviews', 'ratings', 'productpage', 'bookinfo', 'default', 'istio-system', 'ISTIO_MUTUAL', 'DISABLE', 'STRICT', 'PERMISSIVE', 'mesh', 'ambient', 'http', 'grpc'];
const WORD = new RegExp(`\\b(${WORDS.join('|')})\\b`, 'g');

/** Replaces the n-th occurrence (mod count) of a listed word by another listed word. */
function mutate(text: string, occurrence: number, replacement: string): string {
  const hits = [...text.matchAll(WORD)];
  if (hits.length === 0) return text;
  const hit = hits[occurrence % hits.length]!;
  return text.slice(0, hit.index) + replacement + text.slice(hit.index! + hit[0].length);
}

function summary(findings: ReadonlyMap<string, readonly Finding[]>): string[] {
  const lines: string[] = [];
  for (const [uri, list] of findings) {
    for (const f of list) {
      const related = (f.related ?? []).map((r) => `${r.uri}#${r.path.join('.')}:${r.message}`).join(';');
      lines.push(`${path.basename(uri)} ${f.code} ${f.path.join('.')} ${f.message} [${related}]`);
    }
  }
  return lines.sort();
}

function freshFindings(texts: ReadonlyMap<string, string>): string[] {
  const engine = new WorkspaceAnalysis();
  for (const [uri, text] of texts) engine.setFile(uri, new YamlFile(uri, text).resources, text);
  return summary(engine.run().findings);
}

const step = fc.record({
  file: fc.nat(),
  action: fc.constantFrom('mutate', 'mutate', 'mutate', 'remove', 'restore'),
  occurrence: fc.nat(),
  word: fc.constantFrom(...WORDS),
});

test('incremental engine = fresh engine after every random edit', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.nat({ max: pool.length - 1 }), { minLength: 8, maxLength: 30 }), fc.array(step, { minLength: 1, maxLength: 12 }), (chosen, steps) => {
      const files = chosen.map((i) => pool[i]!);
      const texts = new Map(files.map((file) => [file, originals.get(file)!]));
      const engine = new WorkspaceAnalysis();
      const parsed = new Map<string, YamlFile>();
      for (const [uri, text] of texts) {
        const file = new YamlFile(uri, text);
        parsed.set(uri, file);
        engine.setFile(uri, file.resources, text);
      }
      engine.run();
      for (const { file: pick, action, occurrence, word } of steps) {
        const uri = files[pick % files.length]!;
        if (action === 'remove') {
          texts.delete(uri);
          parsed.delete(uri);
          engine.removeFile(uri);
        } else {
          const text = action === 'restore' ? originals.get(uri)! : mutate(texts.get(uri) ?? originals.get(uri)!, occurrence, word);
          texts.set(uri, text);
          // Edit in place like the editor does (unchanged documents keep their identity), or parse a new file.
          const file = parsed.get(uri) ?? new YamlFile(uri, text);
          if (file.text !== text) file.setText(text);
          parsed.set(uri, file);
          engine.setFile(uri, file.resources, text);
        }
        const incremental = summary(engine.run().findings);
        assert.deepEqual(incremental, freshFindings(texts));
      }
    }),
    { numRuns: 60 },
  );
});
