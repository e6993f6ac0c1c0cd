// Value formats the API server or Istio checks beyond JSON types: durations, ports, label keys and values,
// and Kubernetes object names. Each check returns undefined when valid, or a short reason when not.

const DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go-style duration ("1.5s", "100ms", "1h2m"), or undefined when malformed. */
const SIMPLE_DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const whole = wholeNumberDuration(text, UNIT_MS);
  if (whole !== undefined) return whole;
  const simple = SIMPLE_DURATION.exec(text); // the common case: one number and one unit
  if (simple) return Number(simple[1]) * UNIT_MS[simple[2]!]!;
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) total += Number(match[1]) * UNIT_MS[match[2]!]!;
  return text.startsWith('-') ? -total : total;
}

/**
 * A "<digits><unit>" duration (the usual form: 500ms, 5s) scaled by `units`, or undefined for any other form;
 * lets the duration parsers skip their regular expressions for it.
 */
export function wholeNumberDuration(text: string, units: Readonly<Record<string, number>>): number | undefined {
  let split = 0;
  while (split < text.length && text.charCodeAt(split) >= 48 && text.charCodeAt(split) <= 57) split++;
  if (split === 0 || split === text.length) return undefined;
  const unit = text.slice(split);
  return Object.hasOwn(units, unit) ? Number(text.slice(0, split)) * units[unit]! : undefined;
}

/** Istio durations: Go syntax and at least 1ms (the CRDs' CEL rule). */
export function checkDuration(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // the type check reports non-strings
  const ms = parseDuration(value);
  if (ms === undefined) return `"${value}" is not a duration: write a number with a unit (h, m, s, ms, us, ns), e.g. 1.5s, 100ms or 1h2m.`;
  if (ms < 1) return `"${value}" is shorter than the 1ms minimum.`;
  return undefined;
}

/** Port numbers: an integer from 1 to 65535 (strings are named ports where allowed, checked elsewhere). */
export function checkPort(value: unknown): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 65535) return `${value} is not a valid port: use a number from 1 to 65535.`;
  return undefined;
}

const NAME_PART = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;

/** Label and annotation keys: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function checkQualifiedName(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'the prefix before "/" is empty';
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return `the prefix "${prefix}" must be a lowercase DNS subdomain (e.g. example.com)`;
  }
  if (name.length === 0) return 'the name part is empty';
  if (name.length > 63) return 'the name part is longer than 63 characters';
  if (!NAME_PART.test(name)) return 'the name part must start and end with a letter or digit and contain only letters, digits, "-", "_" and "."';
  return undefined;
}

/** Label values: empty, or at most 63 characters of letters, digits, '-', '_', '.', starting and ending alphanumeric. */
export function checkLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'a label value must be at most 63 characters';
  if (!NAME_PART.test(value)) return 'a label value must start and end with a letter or digit and contain only letters, digits, "-", "_" and "."';
  return undefined;
}

/** How a kind's metadata.name is checked by the API server. */
export type NameRule = 'subdomain' | 'label' | 'label-1035';

/** Name rules that differ from the default (DNS-1123 subdomain). */
const NAME_RULES: Readonly<Record<string, NameRule>> = { Namespace: 'label', Service: 'label-1035' };

export function nameRuleFor(kind: string): NameRule {
  return NAME_RULES[kind] ?? 'subdomain';
}

/** Checks an object name (or namespace, with rule 'label'); returns the reason it is invalid. */
export function checkObjectName(name: string, rule: NameRule): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (rule === 'subdomain') {
    if (name.length > 253) return 'it is longer than 253 characters';
    if (!DNS_SUBDOMAIN.test(name)) return 'it must consist of lowercase letters, digits, "-" and ".", and start and end with a letter or digit';
    return undefined;
  }
  if (name.length > 63) return 'it is longer than 63 characters';
  if (rule === 'label-1035' && !DNS_1035_LABEL.test(name)) return 'it must consist of lowercase letters, digits and "-", start with a letter and end with a letter or digit';
  if (rule === 'label' && !DNS_LABEL.test(name)) return 'it must consist of lowercase letters, digits and "-", and start and end with a letter or digit';
  return undefined;
}

/** Levenshtein distance (small strings; used for "did you mean"). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidate within a distance that grows with the word's length, if any. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
