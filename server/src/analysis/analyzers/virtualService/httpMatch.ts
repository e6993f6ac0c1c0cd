// HTTP match conditions (reference §3.3.11–12): string matches (non-empty prefixes, valid regexes), header
// names, null header values, port, sourceLabels and sourceNamespace.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { matchesOf, routesOf } from '../../webhook/virtualService.ts';
import { isDns1123Label, isObject, matchHeaderNameProblem, regexProblem } from '../../webhook/values.ts';

function checkStringMatch(check: Check, value: unknown, path: ObjectPath, what: string, allowEmptyPrefix: boolean, allowStarRegex: boolean): void {
  if (!isObject(value)) return;
  if (!allowEmptyPrefix && value.prefix === '') {
    check.report('MW0213', [...path, 'prefix'], `The prefix match on ${what} is empty and would match everything. Give a prefix, or remove the condition.`);
  }
  if (typeof value.regex === 'string' && !(allowStarRegex && value.regex === '*')) {
    const problem = regexProblem(value.regex);
    if (problem) check.report('MW0208', [...path, 'regex'], `Regex on ${what}: ${problem}. Write an RE2 regular expression.`);
  }
}

export const virtualServiceHttpMatch = webhookAnalyzer({
  name: 'virtualService/httpMatch',
  description: 'HTTP match conditions use valid header names, non-empty prefixes, RE2 regexes, valid ports, labels and namespaces.',
  kinds: ['VirtualService'],
  codes: ['MW0213', 'MW0208', 'MW0209', 'MW0204', 'MW0205'],
  check(check) {
    for (const route of routesOf(check.spec, 'http')) {
      for (const { route: match, path } of matchesOf(route)) {
        checkStringMatch(check, match.uri, [...path, 'uri'], 'uri', true, false);
        for (const key of ['scheme', 'method', 'authority']) checkStringMatch(check, match[key], [...path, key], key, false, false);
        for (const key of ['headers', 'withoutHeaders', 'queryParams']) {
          const map = match[key];
          if (!isObject(map)) continue;
          for (const [name, value] of Object.entries(map)) {
            const entryPath = [...path, key, name];
            if (value === null || value === undefined) {
              check.report('MW0213', entryPath, `The ${key} condition "${name}" has no value. Add e.g. {exact: …} or {regex: …}.`, 'key');
              continue;
            }
            if (key !== 'queryParams') {
              const problem = matchHeaderNameProblem(name);
              if (problem) check.report('MW0209', entryPath, `${problem}.`, 'key');
            }
            checkStringMatch(check, value, entryPath, `${key} "${name}"`, false, key === 'withoutHeaders');
          }
        }
        check.port(match, path, 'port', 'MW0204', true);
        check.labels(match.sourceLabels, [...path, 'sourceLabels']);
        if (typeof match.sourceNamespace === 'string' && !isDns1123Label(match.sourceNamespace)) {
          check.report('MW0213', [...path, 'sourceNamespace'], `sourceNamespace "${match.sourceNamespace}" is not a valid namespace name.`);
        }
      }
    }
  },
});
