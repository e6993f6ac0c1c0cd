// Runs the webhook fixtures (test/fixtures/analysis/webhook/<kind>/<case>.yaml) through the pure engine with the
// single-resource webhook and CEL analyzers and compares findings with the caret comments; checks that every
// code has a positive and a negative fixture and the building blocks behave on edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import path from 'node:path';
import { assertMatchesFixture, expectedFindings, readFixture } from '../helpers/fixtures.ts';
import { WEBHOOK_CODES, WEBHOOK_FIXTURES, analyzeWebhookFixture, webhookFixtureFiles } from '../helpers/webhookFixtures.ts';
import { WEBHOOK_ANALYZERS } from '../../server/src/analysis/registry.ts';
import { WorkspaceAnalysis, checkFileOnce } from '../../server/src/analysis/engine.ts';
import { YamlFile } from '../../server/src/model/index.ts';
import { catalogueEntry } from '../../server/src/analysis/catalogue.ts';
import {
  durationProblem, exportToProblems, fqdnProblem, parseDuration, headerValueProblem, isIPOrCidr, isPartialWildcard, labelKeyProblem,
  regexProblem, wildcardDomainProblem,
} from '../../server/src/analysis/webhook/values.ts';

for (const file of webhookFixtureFiles()) {
  const name = path.relative(WEBHOOK_FIXTURES, file);
  test(`webhook fixture ${name}`, () => {
    const text = readFixture(file);
    assertMatchesFixture(file, text, analyzeWebhookFixture(`file://${file}`, text), (code) => WEBHOOK_CODES.has(code));
  });
}

test('the batch path (checkFileOnce, used by the CLI) reports exactly what the engine reports, suppressions included', () => {
  const key = (finding: { code: string; message: string; path: readonly (string | number)[]; document: { offset: number } }) => `${finding.document.offset} ${finding.code} ${finding.path.join('.')} ${finding.message}`;
  for (const file of webhookFixtureFiles()) {
    const text = readFixture(file);
    const yamlFile = new YamlFile(`file://${file}`, text);
    const engine = new WorkspaceAnalysis({ analyzers: WEBHOOK_ANALYZERS });
    engine.setFile(yamlFile.uri, yamlFile.resources, text);
    const viaEngine = (engine.run().findings.get(yamlFile.uri) ?? []).map(key);
    const viaBatch = checkFileOnce(WEBHOOK_ANALYZERS, yamlFile.resources, text).map(key);
    assert.deepEqual(viaBatch, viaEngine, path.relative(WEBHOOK_FIXTURES, file));
  }
});

test('every webhook code is in the catalogue with a positive and a negative fixture', () => {
  const files = webhookFixtureFiles();
  const expectedByFile = new Map(files.map((file) => [file, new Set(expectedFindings(readFixture(file)).map((e) => e.code))]));
  // MW0402 (rule not evaluable offline) cannot be triggered by the shipped rules; test/unit/cel.test.ts covers it.
  for (const code of [...WEBHOOK_CODES].filter((c) => c !== 'MW0402')) {
    const entry = catalogueEntry(code);
    if (code.startsWith('MW02')) assert.ok(entry.istio === (entry.level === 'error' ? 'IST0106' : 'IST0133'), `${code}: istio mapping`);
    const analyzers = WEBHOOK_ANALYZERS.filter((analyzer) => analyzer.codes.includes(code));
    const folders = new Set(analyzers.map((analyzer) => analyzer.name.split('/')[0]));
    assert.ok(files.some((file) => expectedByFile.get(file)!.has(code)), `${code}: no positive fixture`);
    // MW0268 is reported for every EnvoyFilter, so its negative fixtures are those of the other kinds.
    const negativeFolders = code === 'MW0268' ? new Set(['envoyFilter', 'gateway']) : folders;
    assert.ok(
      files.some((file) => negativeFolders.has(path.relative(WEBHOOK_FIXTURES, file).split(path.sep)[0]!) && !expectedByFile.get(file)!.has(code)),
      `${code}: no negative fixture in ${[...folders].join(', ')}`,
    );
  }
});

test('every webhook analyzer has a unique name matching its file and declares its kinds as inputs', () => {
  const names = WEBHOOK_ANALYZERS.map((analyzer) => analyzer.name);
  assert.equal(new Set(names).size, names.length);
  for (const analyzer of WEBHOOK_ANALYZERS) {
    assert.match(analyzer.name, /^[a-z][A-Za-z]*\/[a-z][A-Za-z]*$/);
    assert.ok(analyzer.description.length > 10);
    for (const kind of analyzer.kinds) assert.ok(analyzer.inputs.includes(kind));
  }
});

test('FQDN check: the one-expression fast path agrees with the label-by-label rule (fast-check)', () => {
  // The rule spelled out: labels of 1–63 letters, digits and inner dashes; several labels need a TLD that is not
  // all digits; one trailing dot is allowed.
  const byLabels = (host: string) => {
    if (host === '' || host.length > 255) return false;
    const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
    if (!labels.every((label) => label.length <= 63 && /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(label))) return false;
    return labels.length === 1 || !/^\d+$/.test(labels[labels.length - 1]!);
  };
  const host = fc.array(fc.constantFrom('a', 'Z', '0', '7', '-', '.', '_', '*'), { maxLength: 24 }).map((parts) => parts.join(''));
  fc.assert(fc.property(host, (h) => assert.equal(fqdnProblem(h) === undefined, byLabels(h), JSON.stringify(h))), { numRuns: 20_000, seed: 1205 });
  for (const h of ['a'.repeat(63) + '.com', 'a'.repeat(64) + '.com', `${'a.'.repeat(127)}b`, `${'a.'.repeat(128)}b`]) assert.equal(fqdnProblem(h) === undefined, byLabels(h), h);
});

test('durations: the digits-and-unit fast paths agree with the general parsers (fast-check)', async () => {
  const { parseDuration: parseDurationMs } = await import('../../server/src/schema/formats.ts');
  // The general forms, spelled out with regular expressions only.
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const nanos = (text: string) => {
    if (text === '0') return 0;
    if (!/^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.test(text)) return undefined;
    let total = 0;
    for (const match of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(match[1]) * units[match[2]!]!;
    return text.startsWith('-') ? -total : total;
  };
  const text = fc.array(fc.constantFrom('0', '1', '5', '9', '.', 'ns', 'us', 'µs', 'ms', 's', 'm', 'h', 'x', '-', '+', 'constructor'), { maxLength: 6 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(text, (t) => {
      const expected = nanos(t);
      assert.equal(parseDuration(t), expected, JSON.stringify(t));
      const ms = parseDurationMs(t);
      if (expected === undefined) assert.equal(ms, undefined, JSON.stringify(t));
      else assert.ok(ms !== undefined && Math.abs(ms * 1e6 - expected) <= Math.abs(expected) * 1e-9, JSON.stringify(t));
    }),
    { numRuns: 20_000, seed: 1205 },
  );
});

test('durations: at least 1ms, whole milliseconds, optional zero and whole seconds', () => {
  assert.equal(durationProblem('1ms'), undefined);
  assert.equal(durationProblem('1h2m3.5s'), undefined);
  assert.match(durationProblem('999us')!, /shorter than 1ms/);
  assert.match(durationProblem('1.0005s')!, /whole number of milliseconds/);
  assert.match(durationProblem('5')!, /not a duration/);
  assert.equal(durationProblem('0s', { allowZero: true }), undefined);
  assert.match(durationProblem('0s')!, /shorter/);
  assert.match(durationProblem('1500ms', { wholeSeconds: true })!, /whole number of seconds/);
  assert.equal(durationProblem(10), undefined, 'types are the schema\'s business');
});

test('host names: FQDNs, wildcards, partial wildcards', () => {
  assert.equal(fqdnProblem('reviews.default.svc.cluster.local.'), undefined);
  assert.match(fqdnProblem('a.123')!, /all digits/);
  assert.match(fqdnProblem('a'.repeat(64) + '.com')!, /not a valid DNS label/);
  assert.equal(wildcardDomainProblem('*.example.com'), undefined);
  assert.equal(wildcardDomainProblem('*-api.example.com'), undefined);
  assert.match(wildcardDomainProblem('a.*.com')!, /first label/);
  assert.ok(isPartialWildcard('*foo.com'));
  assert.ok(!isPartialWildcard('*.foo.com'));
});

test('IPs and CIDRs', () => {
  for (const ok of ['10.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32', '::ffff:10.0.0.1', '0.0.0.0/0']) assert.ok(isIPOrCidr(ok), ok);
  for (const bad of ['10.0.0.256', '10.0.0.0/33', '2001:db8::1::2', 'fe80::1/129', 'host', '10.0.0.1/']) assert.ok(!isIPOrCidr(bad), bad);
});

test('regexes: RE2 features only', () => {
  assert.equal(regexProblem('^/api/v[0-9]+/(?P<rest>.*)$'), undefined);
  assert.match(regexProblem('a(?=b)')!, /lookahead/);
  assert.match(regexProblem('(a)\\1')!, /backreferences/);
  assert.match(regexProblem('(')!, /does not compile/);
  assert.match(regexProblem('a'.repeat(1025))!, /1024/);
});

test('header values: Envoy variables and %% escapes', () => {
  assert.equal(headerValueProblem('%DOWNSTREAM_REMOTE_ADDRESS%'), undefined);
  assert.equal(headerValueProblem('%REQ(x-user)% and 100%%'), undefined);
  assert.equal(headerValueProblem('%START_TIME(%s.%3f)%'), undefined);
  assert.match(headerValueProblem('100%')!, /unterminated/);
  assert.match(headerValueProblem('a\u0001b')!, /control character/);
});

test('label keys and exportTo', () => {
  assert.equal(labelKeyProblem('app.kubernetes.io/name'), undefined);
  assert.match(labelKeyProblem('Bad_Prefix/name')!, /prefix/);
  assert.deepEqual(exportToProblems(['.', 'shop'], 'shop').map((p) => p.index), [1]);
  assert.deepEqual(exportToProblems(['~'], 'shop'), []);
});
