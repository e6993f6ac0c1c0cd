// Shared value checks of Istio's admission webhook (reference §3.0): durations, ports, protocols, host names,
// wildcards, IPs/CIDRs, label maps, regexes, header names/values, exportTo. Pure functions: each returns
// undefined when the value is fine, or a short sentence saying what is wrong (callers add the fix).

import { wholeNumberDuration } from '../../schema/formats.ts';

/** Go duration units in nanoseconds. */
const UNIT_NANOS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^0$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const SIMPLE_DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)$/;

/** Parses a Go/protobuf duration string ("1.5s", "1h2m", "500ms") to nanoseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const whole = wholeNumberDuration(text, UNIT_NANOS);
  if (whole !== undefined) return whole;
  const simple = SIMPLE_DURATION.exec(text); // one number and one unit
  if (simple) return Number(simple[1]) * UNIT_NANOS[simple[2]!]!;
  if (!DURATION.test(text)) return undefined;
  if (text === '0') return 0;
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) {
    total += Number(match[1]) * UNIT_NANOS[match[2]!]!;
  }
  return text.startsWith('-') ? -total : total;
}

/** Istio's duration rule: a well-formed duration of at least 1ms in whole milliseconds. */
export function durationProblem(value: unknown, options: { allowZero?: boolean; wholeSeconds?: boolean } = {}): string | undefined {
  if (typeof value !== 'string') return undefined; // a type problem, reported by the schema
  const nanos = parseDuration(value);
  if (nanos === undefined) return `"${value}" is not a duration (write e.g. 500ms, 5s, 1m30s)`;
  if (options.allowZero && nanos === 0) return undefined;
  if (nanos < 1e6) return `duration "${value}" is shorter than 1ms`;
  if (Math.round(nanos) % 1e6 !== 0) return `duration "${value}" is not a whole number of milliseconds`;
  if (options.wholeSeconds && Math.round(nanos) % 1e9 !== 0) return `duration "${value}" is not a whole number of seconds`;
  return undefined;
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** A port number 1..65535; non-integers are left to the schema. */
export function portProblem(value: unknown): string | undefined {
  if (!isInteger(value)) return undefined;
  return value >= 1 && value <= 65535 ? undefined : `port ${value} is outside 1..65535`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, ≤63 chars. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export const PROTOCOLS = ['HTTP', 'HTTPS', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB', 'TCP', 'TLS', 'UDP', 'MONGO', 'REDIS', 'MYSQL'];
/** Empty or one of Istio's protocol names (case-insensitive). */
export function protocolProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return PROTOCOLS.includes(value.toUpperCase()) ? undefined : `unknown protocol "${value}" (use one of HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TCP, TLS, UDP, Mongo, Redis, MySQL)`;
}

export function isHttpProtocol(protocol: unknown): boolean {
  return typeof protocol === 'string' && ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'].includes(protocol.toUpperCase());
}
export function isTlsProtocol(protocol: unknown): boolean {
  return typeof protocol === 'string' && ['HTTPS', 'TLS'].includes(protocol.toUpperCase());
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export function isIPv4(value: string): boolean {
  const first = value.charCodeAt(0);
  return first >= 48 && first <= 57 && IPV4.test(value);
}
/** IPv6 in any of the usual forms (incl. an embedded IPv4 tail); no zone. */
export function isIPv6(value: string): boolean {
  if (!value.includes(':') || /[^0-9a-fA-F:.]/.test(value)) return false;
  let text = value;
  let extra = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    text = text.slice(0, lastColon + 1) + '0';
    extra = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
  const count = all.length + extra;
  return halves.length === 2 ? count <= 7 : count === 8;
}
export function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}
/** An IP or CIDR (prefix length within the family's bits). */
export function isIPOrCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return isIP(value);
  const ip = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

const FQDN_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** A whole FQDN that passes every rule below: either one label, or labels whose last one has a non-digit. */
const VALID_FQDN = /^(?:[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?|(?:[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\.)+(?=[-a-zA-Z0-9]*[-a-zA-Z])[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)\.?$/;
/** Istio's FQDN rule: ≤255 chars, each label DNS-like (upper case allowed), TLD not all-numeric, trailing dot ok. */
export function fqdnProblem(host: string): string | undefined {
  // Most hosts are fine: one expression settles those (labels of 1–63 characters, a TLD with a non-digit).
  if (host.length <= 255 && VALID_FQDN.test(host)) return undefined;
  if (host === '') return 'the host name is empty';
  if (host.length > 255) return `host name "${host}" is longer than 255 characters`;
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  for (const label of labels) {
    if (label.length > 63 || !FQDN_LABEL.test(label)) return `"${label}" in "${host}" is not a valid DNS label`;
  }
  if (labels.length > 1 && /^\d+$/.test(labels[labels.length - 1]!)) return `the top-level domain of "${host}" is all digits`;
  return undefined;
}

/** Istio's wildcard-domain rule: like an FQDN, but the first label may be '*', '*foo' or '*-foo'. */
export function wildcardDomainProblem(host: string): string | undefined {
  if (host === '') return 'the host name is empty';
  if (host.length > 255) return `host name "${host}" is longer than 255 characters`;
  if (host === '*') return undefined;
  const dot = host.indexOf('.');
  const first = dot < 0 ? host : host.slice(0, dot);
  const rest = dot < 0 ? '' : host.slice(dot + 1);
  if (first.startsWith('*')) {
    const tail = first.slice(1);
    if (tail !== '' && !/^-?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(tail)) return `"${first}" in "${host}" is not a valid wildcard label`;
    if (rest === '') return undefined;
    return rest.includes('*') ? `only the first label of "${host}" may contain '*'` : fqdnProblem(rest);
  }
  if (host.includes('*')) return `only the first label of "${host}" may contain '*'`;
  return fqdnProblem(host);
}

/** A host with '*' that is not '*' itself and does not start with '*.' (e.g. '*foo.com', 'a*.b'). */
export function isPartialWildcard(host: string): boolean {
  return host.includes('*') && host !== '*' && !host.startsWith('*.');
}

/** A short name (no dot) such as 'reviews' is not an FQDN for Gateway and Sidecar hosts. */
export function isShortName(host: string): boolean {
  return host !== '*' && !host.includes('.') && !isIP(host);
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A Kubernetes label key: optional DNS-subdomain prefix + '/' + qualified name (≤63). */
export function labelKeyProblem(key: string): string | undefined {
  if (key === '') return 'a label key is empty';
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && (prefix.length > 253 || !prefix.split('.').every((part) => isDns1123Label(part)))) {
    return `the prefix "${prefix}" of label key "${key}" is not a DNS subdomain`;
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return `label key "${key}" is not a valid qualified name`;
  return undefined;
}
export function labelValueProblem(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const text = String(value);
  if (text.length > 63 || !QUALIFIED_NAME.test(text)) return `label value "${text}" may contain only letters, digits, '-', '_' and '.', starting and ending alphanumeric (≤63)`;
  return undefined;
}

/** RE2 compatibility: reject what RE2 lacks (lookaround, backreferences, possessive quantifiers), then compile. */
export function regexProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return undefined;
  if (pattern === '') return 'the regular expression is empty';
  if (pattern.length > 1024) return 'the regular expression is longer than 1024 characters';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookahead/lookbehind ((?=…), (?!…), (?<=…), (?<!…)) is not supported by RE2';
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern) || /\\k</.test(pattern)) return 'backreferences are not supported by RE2';
  if (/[*+?}]\+/.test(pattern.replace(/\\./g, ''))) return 'possessive quantifiers are not supported by RE2';
  try {
    // RE2 syntax is close to JS for what Istio users write; named groups (?P<name>…) become (?<name>…).
    new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'u');
  } catch (error) {
    try {
      new RegExp(pattern.replace(/\(\?P</g, '(?<'));
    } catch {
      return `the regular expression does not compile: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)}`;
    }
  }
  return undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PSEUDO_HEADERS = [':method', ':scheme', ':authority', ':path', ':status'];
/** A header name usable in a match: an RFC 7230 token, a pseudo-header or `@request.auth.claims[…]`. */
export function matchHeaderNameProblem(name: string): string | undefined {
  if (PSEUDO_HEADERS.includes(name.toLowerCase())) return undefined;
  if (name.startsWith('@request.auth.claims')) return undefined;
  return TOKEN.test(name) ? undefined : `"${name}" is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only)`;
}
export function headerNameProblem(name: string): string | undefined {
  return TOKEN.test(name) ? undefined : `"${name}" is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only)`;
}

/** A header value: no control characters; Envoy %VAR% / %VAR(args)% substitutions well-formed (%% escapes). */
export function headerValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) return 'the header value contains a control character';
  let index = 0;
  while (index < value.length) {
    const start = value.indexOf('%', index);
    if (start < 0) break;
    if (value[start + 1] === '%') {
      index = start + 2;
      continue;
    }
    const end = findVariableEnd(value, start + 1);
    if (end < 0) return `unterminated Envoy variable at "${value.slice(start, start + 20)}" (close it with '%', or write a literal % as %%)`;
    const body = value.slice(start + 1, end);
    if (!/^[A-Z0-9_]+(\(.*\))?(:[0-9]+)?$/s.test(body)) return `"%${body}%" is not a valid Envoy variable (write a literal % as %%)`;
    index = end + 1;
  }
  return undefined;
}

/** Finds the closing '%' of a variable, skipping a parenthesised argument list. */
function findVariableEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === '%' && depth === 0) return i;
  }
  return -1;
}

/** Checks an exportTo list; returns one problem per offending index. */
export function exportToProblems(list: unknown, ownNamespace: string | undefined): { index: number; problem: string }[] {
  if (!Array.isArray(list)) return [];
  const problems: { index: number; problem: string }[] = [];
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    if (typeof entry !== 'string') return;
    const normalized = entry === '.' || (ownNamespace !== undefined && entry === ownNamespace) ? '.' : entry;
    if (seen.has(normalized)) problems.push({ index, problem: `"${entry}" is listed twice (\`.\` and the own namespace count as the same)` });
    seen.add(normalized);
    if (entry === '~') {
      if (list.length > 1) problems.push({ index, problem: '"~" (export to no namespace) must be the only entry' });
    } else if (entry === '*') {
      if (list.length > 1) problems.push({ index, problem: '"*" (all namespaces) must be the only entry' });
    } else if (entry !== '.' && !isDns1123Label(entry)) {
      problems.push({ index, problem: `"${entry}" is not '.', '*' or a namespace name` });
    }
  });
  return problems;
}

/** Plain-object test for YAML values. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** unix:// binds: an absolute path or @abstract name that does not end in '/'. */
export function unixBindProblem(bind: string): string | undefined {
  const path = bind.slice('unix://'.length);
  if (!(path.startsWith('/') || path.startsWith('@')) || path.length < 2) return `"${bind}" needs an absolute path (unix:///var/run/x.sock) or an @abstract name`;
  if (path.endsWith('/')) return `"${bind}" must not end with '/'`;
  return undefined;
}
