// Model layer: splitting files into documents, incremental re-parsing (checked against a fresh parse with
// fast-check), the locator, and the guards against hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { YamlFile, splitDocuments, spanOf, pathAt, formatPath, findExcessiveNesting, MAX_NESTING_DEPTH, lineStarts, positionAt } from '../../server/src/model/index.ts';
import { scanNesting } from '../../server/src/model/parse.ts';

const slices = (text: string) => splitDocuments(text).map((s) => text.slice(s.start, s.end));

test('splits at --- marker lines only', () => {
  assert.deepEqual(slices('a: 1\n---\nb: 2\n'), ['a: 1\n', '---\nb: 2\n']);
  assert.deepEqual(slices('---\na: 1\n--- # comment\nb: 2'), ['---\na: 1\n', '--- # comment\nb: 2']);
  assert.deepEqual(slices('a: "x\n---y"\n'), ['a: "x\n---y"\n'], '---y is not a marker');
  assert.deepEqual(slices('a: |\n  ---\n'), ['a: |\n  ---\n'], 'an indented --- is content');
  assert.deepEqual(slices('%YAML 1.2\n---\na: 1\n'), ['%YAML 1.2\n---\na: 1\n'], 'directives belong to the next document');
  assert.deepEqual(slices(''), ['']);
  assert.deepEqual(slices('# only a comment\n---\na: 1\n'), ['# only a comment\n', '---\na: 1\n']);
});

test('recognises resources by apiVersion and kind, and leaves other documents alone', () => {
  const file = new YamlFile('file:///a.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\nfoo: bar\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, namespace: shop}\n');
  assert.deepEqual(
    file.resources.map((r) => [r.group, r.version, r.kind, r.namespace, r.name]),
    [
      ['', 'v1', 'Service', undefined, 'web'],
      ['networking.istio.io', 'v1', 'VirtualService', 'shop', 'r'],
    ],
  );
  assert.equal(new YamlFile('file:///b.yaml', 'name: not kubernetes\n').resources.length, 0);
});

test('locates object paths on keys and values, and offsets back to paths', () => {
  const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v9\n';
  const file = new YamlFile('file:///a.yaml', text);
  const document = file.documents[0]!;
  const path = ['spec', 'http', 0, 'route', 0, 'destination', 'subset'];
  const value = spanOf(document, path);
  assert.equal(text.slice(value.start, value.end), 'v9');
  const key = spanOf(document, path, 'key');
  assert.equal(text.slice(key.start, key.end), 'subset');
  const missing = spanOf(document, ['spec', 'http', 0, 'timeout']);
  assert.equal(text.slice(missing.start, missing.end), 'http', 'a missing field lands on its deepest existing ancestor key');
  const at = pathAt(document.root, text.indexOf('v9'));
  assert.equal(formatPath(at.path), 'spec.http[0].route[0].destination.subset');
  assert.equal(at.onKey, false);
});

test('YAML 1.1 scalars as Kubernetes reads them, aliases and merge keys', () => {
  const file = new YamlFile('file:///a.yaml', 'base: &b {x: 1}\nm:\n  <<: *b\n  z: on\nport: 0x50\n');
  assert.deepEqual(file.documents[0]!.value, { base: { x: 1 }, m: { x: 1, z: true }, port: 80 });
});

test('syntax errors become MW0001 problems with short ranges', () => {
  const file = new YamlFile('file:///a.yaml', 'a: [1, 2\nb: c\n');
  const problems = file.documents[0]!.problems;
  assert.ok(problems.length >= 1);
  assert.ok(problems.every((p) => p.code === 'MW0001' && p.end - p.start <= 200));
  const duplicate = new YamlFile('file:///b.yaml', 'a: 1\na: 2\n').documents[0]!.problems;
  assert.ok(duplicate.some((p) => /unique/i.test(p.message)), 'duplicate keys are reported');
});

test('deep flow nesting is refused before the parser sees it, repeatedly in one process', () => {
  for (const depth of [1_000, 5_000, 100_000]) {
    for (let round = 0; round < 3; round++) {
      const file = new YamlFile('file:///deep.yaml', `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
      assert.deepEqual(file.documents[0]!.problems.map((p) => p.code), ['MW0003']);
    }
  }
  assert.equal(findExcessiveNesting(`a: ${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`), undefined);
  assert.equal(findExcessiveNesting('a: "[[[[[[[[[[[[[[[[[[[[[["\n# [[[[[[[[[[[[[\n'), undefined, 'brackets in strings and comments do not count');
});

test('the shortcut of the nesting pre-scan never hides what the full scan finds', () => {
  // Texts near both limits: runs of brackets, of spaces/dashes/`?`/newlines, quotes and comments.
  const piece = fc.oneof(
    fc.constantFrom('[', '{', ']', '}', '"', "'", '#', ' ', '- ', '-\n', '? ', '\n', 'a: ', 'x'),
    fc.integer({ min: 100, max: 1100 }).map((n) => '['.repeat(n > 600 ? n - 600 : n / 4)),
    fc.integer({ min: 500, max: 2200 }).map((n) => ' '.repeat(n)),
    fc.integer({ min: 250, max: 1100 }).map((n) => '- '.repeat(n)),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      assert.equal(findExcessiveNesting(text), scanNesting(text));
    }),
    { numRuns: 2_000 },
  );
});

test('deep block nesting and alias bombs end with one clear problem, quickly', () => {
  let block = '';
  for (let i = 0; i < 3_000; i++) block += `${' '.repeat(i)}k${i}:\n`;
  const deep = new YamlFile('file:///block.yaml', block);
  assert.deepEqual(deep.documents[0]!.problems.map((p) => p.code), ['MW0003']);

  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const started = performance.now();
  const bomb = new YamlFile('file:///bomb.yaml', levels.join('\n') + '\n');
  const elapsed = performance.now() - started;
  assert.deepEqual(bomb.documents[0]!.problems.map((p) => p.code), ['MW0004']);
  assert.ok(elapsed < 1_000, `billion laughs took ${elapsed} ms`);
});

test('incremental edits re-parse only the touched document', () => {
  const docs = Array.from({ length: 50 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`);
  const file = new YamlFile('file:///many.yaml', docs.join('---\n'));
  const before = file.documents.slice();
  const offsets = before.map((d) => d.offset);
  const at = file.text.indexOf('c25');
  file.apply([{ start: at, end: at + 3, text: 'changed' }]);
  assert.equal(file.changed.size, 1);
  assert.equal(file.documents.filter((d, i) => d !== before[i]).length, 1);
  assert.equal(file.resources[25]!.name, 'changed');
  assert.equal(file.resources[26]!.document.offset, offsets[26]! + 4);
});

/** The incremental result must equal a fresh parse of the same text, whatever the edits. */
test('incremental parsing equals a fresh parse (fast-check)', () => {
  const base = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n---\n# c\nx: [1, 2]\n';
  const fragment = fc.constantFrom('---\n', '\n', 'a', ' ', ':', '- ', '[', ']', '"', '#', 'kind: Secret\n', '---', '\n---\n', '...\n', '%YAML 1.2\n', '');
  const edit = fc.record({ start: fc.nat(), length: fc.nat({ max: 12 }), text: fragment });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
      const file = new YamlFile('file:///p.yaml', base);
      for (const e of edits) {
        const start = Math.min(e.start, file.text.length);
        const end = Math.min(start + e.length, file.text.length);
        file.apply([{ start, end, text: e.text }]);
        const fresh = new YamlFile('file:///p.yaml', file.text);
        const shape = (f: YamlFile) => f.documents.map((d) => ({ offset: d.offset, length: d.length, value: d.value, problems: d.problems.map((p) => [p.code, p.start, p.end]) }));
        assert.deepEqual(shape(file), shape(fresh));
        // Per-document line tables agree with a whole-file scan, both ways.
        const starts = lineStarts(file.text);
        for (let offset = 0; offset <= file.text.length; offset += 7) {
          const expected = positionAt(starts, offset);
          assert.deepEqual(file.positionAt(offset), expected);
          assert.equal(file.offsetAt(expected), offset);
        }
      }
    }),
    { numRuns: 500, seed: 7 },
  );
});

/** The fast reader must agree with the full parser wherever it accepts a document, and refuse invalid YAML. */
test('the fast path (tree and value-only readers) equals the full yaml parser on every document it accepts (fast-check)', async () => {
  const { fastParse, fastParseValue } = await import('../../server/src/model/fastParse.ts');
  const { Composer, Parser } = await import('yaml');
  const full = (text: string) => {
    const composer = new Composer({ version: '1.1', merge: true, uniqueKeys: true, strict: true });
    const docs = [...composer.compose(new Parser().parse(text), true, text.length)];
    return { errors: docs.flatMap((d) => d.errors), value: docs[0]?.toJS({ maxAliasCount: 100 }) ?? null };
  };
  const base = [
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews # the name\n  namespace: "shop"\nspec:\n  hosts: [reviews, "ratings.shop.svc"]\n  http:\n  - match:\n    - uri: {prefix: /v1}\n      headers:\n        x-user:\n          exact: \'jason\'\n    route:\n    - destination:\n        host: reviews\n        subset: v1\n      weight: 80\n    timeout: 1.5s\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: web, version: "1"}\nspec:\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n  selector:\n    app: web\n',
  ];
  const fragment = fc.constantFrom(' ', '  ', '\n', '- ', ': ', ':', '#', ' #x', '"', "'", '[', ']', '{', '}', ',', 'x', '1', '-1', 'yes', 'on', '0x1', '1.5', '~', '&a ', '*a', '!t ', '|', '>', '\t', '? ', '<<: ', 'null', '\\', '\r\n', '---\n');
  const mutation = fc.record({ base: fc.nat({ max: base.length - 1 }), at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.array(fragment, { maxLength: 3 }).map((p) => p.join('')) });
  let accepted = 0;
  fc.assert(
    fc.property(mutation, (m) => {
      const source = base[m.base]!;
      const at = m.at % (source.length + 1);
      const text = source.slice(0, at) + m.insert + source.slice(Math.min(source.length, at + m.remove));
      const fast = fastParse(text);
      // The value-only reader accepts the same documents and reads the same values as the tree reader.
      assert.deepEqual(fastParseValue(text), fast && { value: fast.value }, JSON.stringify(text));
      if (!fast) return;
      accepted++;
      const reference = full(text);
      assert.deepEqual(reference.errors.map((e) => e.message), [], `the fast path accepted invalid YAML: ${JSON.stringify(text)}`);
      assert.deepEqual(fast.value, reference.value, JSON.stringify(text));
    }),
    { numRuns: 4_000, seed: 1125 },
  );
  assert.ok(accepted > 500, `only ${accepted} documents took the fast path`);
});

test('an empty value sits after the trailing spaces, where a cursor after "key: " is', () => {
  for (const text of ['a: \n', 'a:   \nb: 1\n', 'a:\n']) {
    const fast = new YamlFile('file:///fast.yaml', text).documents[0]!;
    assert.equal(pathAt(fast.root, text.indexOf('\n')).path[0], 'a', JSON.stringify(text));
  }
  const list = new YamlFile('file:///list.yaml', 'l:\n- \n- x\n');
  assert.deepEqual(pathAt(list.documents[0]!.root, 5).path, ['l', 0]);
  const file = new YamlFile('file:///s.yaml', 'spec:\n  subset: \n  host: x\n');
  assert.deepEqual(pathAt(file.documents[0]!.root, file.text.indexOf('subset: ') + 8).path, ['spec', 'subset']);
});
