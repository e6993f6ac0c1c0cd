// Istio's reachability analysis of VirtualService rules (reference §3.3.28–29), shared by the IST0130 and
// IST0131 analyzers: rules after a match-less rule, duplicate matches, and prefixes shadowed by shorter ones.
import type { ObjectPath } from '../../model/types.ts';
import { asArray, isObject } from './values.ts';

export interface Unreachable {
  readonly path: ObjectPath;
  readonly rule: number;
  readonly reason: string;
}
export interface Ineffective {
  readonly path: ObjectPath;
  readonly rule: number;
  readonly match: number;
  readonly earlierRule: number;
  readonly reason: string;
}

/** A stable JSON form of a value with sorted keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The match without its name (names do not change what it matches). */
function matchKey(match: Record<string, unknown>): string {
  const { name: _name, ...rest } = match;
  return canonical(rest);
}

/** The match's conditions other than uri (with an unset method read as GET), to compare prefix coverage. */
function contextKey(match: Record<string, unknown>): string {
  const { name: _name, uri: _uri, ...rest } = match;
  return canonical({ ...rest, method: rest.method ?? { exact: 'GET' } });
}

export function analyzeRules(spec: Record<string, unknown>, section: 'http' | 'tcp' | 'tls'): { unreachable: Unreachable[]; ineffective: Ineffective[] } {
  const unreachable: Unreachable[] = [];
  const ineffective: Ineffective[] = [];
  const seen = new Map<string, number>();
  const prefixes: { prefix: string; context: string; rule: number }[] = [];
  let matchless = -1;
  asArray(spec[section]).forEach((route, ruleIndex) => {
    if (!isObject(route)) return;
    const path = ['spec', section, ruleIndex];
    const matches = asArray(route.match);
    if (matchless >= 0) {
      unreachable.push({ path, rule: ruleIndex, reason: `rule ${matchless} has no match conditions and catches all traffic before it` });
    }
    if (matches.length === 0) {
      if (matchless < 0) matchless = ruleIndex;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, matchIndex) => {
      if (!isObject(match)) return;
      const matchPath = [...path, 'match', matchIndex];
      const key = matchKey(match);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        duplicates++;
        ineffective.push({ path: matchPath, rule: ruleIndex, match: matchIndex, earlierRule: earlier, reason: `the same match appears in rule ${earlier}` });
        return;
      }
      seen.set(key, ruleIndex);
      if (section !== 'http' || !isObject(match.uri) || typeof match.uri.prefix !== 'string') return;
      const prefix = match.uri.prefix;
      const context = contextKey(match);
      const shadow = prefixes.find((entry) => entry.context === context && prefix.startsWith(entry.prefix) && entry.prefix.length < prefix.length);
      if (shadow) {
        ineffective.push({ path: matchPath, rule: ruleIndex, match: matchIndex, earlierRule: shadow.rule, reason: `the shorter prefix "${shadow.prefix}" in rule ${shadow.rule} already matches every request with prefix "${prefix}"` });
      }
      prefixes.push({ prefix, context, rule: ruleIndex });
    });
    if (duplicates === matches.length && matchless < 0) {
      unreachable.push({ path, rule: ruleIndex, reason: 'all its matches are used by earlier rules' });
    }
  });
  return { unreachable, ineffective };
}
