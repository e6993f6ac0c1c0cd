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

/** The match as compared by Istio: HTTP matches without their name (names do not change what they match). */
function matchKey(match: Record<string, unknown>, dropName: boolean): string {
  if (!dropName) return canonical(match);
  const { name: _name, ...rest } = match;
  return canonical(rest);
}

/** Istio's "exact:" / "prefix:" reading of a StringMatch (regexes and absent matches read as ""). */
function exactOrPrefix(match: unknown): string {
  if (!isObject(match)) return '';
  if (typeof match.exact === 'string' && match.exact !== '') return `exact:${match.exact}`;
  if (typeof match.prefix === 'string' && match.prefix !== '') return `prefix:${match.prefix}`;
  return '';
}

interface PrefixMatch {
  readonly rule: number;
  readonly match: number;
  readonly path: ObjectPath;
  readonly prefix: string;
  readonly port: unknown;
  readonly method: string;
  readonly authority: string;
  readonly headers: Map<string, string>;
  readonly queryParams: Map<string, string>;
  readonly withoutHeaders: Map<string, string>;
}

function stringMatches(map: unknown): Map<string, string> {
  const result = new Map<string, string>();
  if (isObject(map)) for (const [key, value] of Object.entries(map)) result.set(key, exactOrPrefix(value));
  return result;
}

/** Earlier `a` covers later `b` (Istio's coveredValidation): b's prefix extends a's and the rest agrees. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  const compatible = (x: string, y: string) => x === y || x.startsWith(y);
  if (!compatible(a.method, b.method) || !compatible(a.authority, b.authority)) return false;
  for (const key of ['headers', 'queryParams', 'withoutHeaders'] as const) {
    if (a[key].size !== b[key].size) return false;
    for (const [name, value] of a[key]) {
      const other = b[key].get(name);
      if (other === undefined || !compatible(value, other)) return false;
    }
  }
  return true;
}

type Reachability = { readonly unreachable: readonly Unreachable[]; readonly ineffective: readonly Ineffective[] };

/** Results per spec object and section: the IST0130 and IST0131 analyzers both read them for every VirtualService. */
const analyzed = new WeakMap<object, Map<string, Reachability>>();

/** Istio's analyzeUnreachable{HTTP,TCP,TLS}Rules (pkg/config/validation), reproduced on plain data. */
export function analyzeRules(spec: Record<string, unknown>, section: 'http' | 'tcp' | 'tls'): Reachability {
  let bySection = analyzed.get(spec);
  if (!bySection) analyzed.set(spec, (bySection = new Map()));
  let result = bySection.get(section);
  if (!result) bySection.set(section, (result = reachabilityOf(spec, section)));
  return result;
}

function reachabilityOf(spec: Record<string, unknown>, section: 'http' | 'tcp' | 'tls'): Reachability {
  const unreachable: Unreachable[] = [];
  const ineffective: Ineffective[] = [];
  const seen = new Map<string, number>();
  const prefixes: PrefixMatch[] = [];
  let matchless = -1;
  asArray(spec[section]).forEach((route, ruleIndex) => {
    if (!isObject(route)) return;
    const path = ['spec', section, ruleIndex];
    const matches = asArray(route.match);
    if (matches.length === 0) {
      if (matchless >= 0) unreachable.push({ path, rule: ruleIndex, reason: `only the last rule can have no matches, and rule ${matchless} already has none` });
      matchless = ruleIndex;
      return;
    }
    if (matchless >= 0) {
      unreachable.push({ path, rule: ruleIndex, reason: `rule ${matchless} has no match conditions and catches all traffic before it` });
      return;
    }
    let duplicates = 0;
    matches.forEach((match, matchIndex) => {
      const matchPath = [...path, 'match', matchIndex];
      const key = isObject(match) ? matchKey(match, section === 'http') : 'null';
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        duplicates++;
        ineffective.push({ path: matchPath, rule: ruleIndex, match: matchIndex, earlierRule: earlier, reason: `the same match appears in rule ${earlier}` });
        return;
      }
      seen.set(key, ruleIndex);
      if (section !== 'http' || !isObject(match) || !isObject(match.uri) || typeof match.uri.prefix !== 'string' || match.uri.prefix === '') return;
      prefixes.push({
        rule: ruleIndex, match: matchIndex, path: matchPath, prefix: match.uri.prefix, port: match.port ?? 0,
        method: exactOrPrefix(match.method) || 'exact:GET', authority: exactOrPrefix(match.authority),
        headers: stringMatches(match.headers), queryParams: stringMatches(match.queryParams), withoutHeaders: stringMatches(match.withoutHeaders),
      });
    });
    if (duplicates === matches.length) unreachable.push({ path, rule: ruleIndex, reason: 'all its matches are used by earlier rules' });
  });
  for (let earlier = 0; earlier < prefixes.length; earlier++) {
    for (let later = earlier + 1; later < prefixes.length; later++) {
      const a = prefixes[earlier]!;
      const b = prefixes[later]!;
      if (a.prefix === b.prefix || !covers(a, b)) continue;
      ineffective.push({ path: b.path, rule: b.rule, match: b.match, earlierRule: a.rule, reason: `the prefix "${a.prefix}" (rule ${a.rule}, match ${a.match}) already matches every request with prefix "${b.prefix}"` });
    }
  }
  return { unreachable, ineffective };
}
