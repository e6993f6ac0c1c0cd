// Schema validation of Kubernetes resources: apiVersion/kind recognition, ajv validation against the bundled
// schemas (compiled lazily, once per distinct schema) and the mapping of ajv's errors to catalogue Findings
// (MW0101–MW0113) on exact object paths.
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Finding, ObjectPath, PathSegment, Resource, YamlDocument } from '../model/index.ts';
import { isKnownGroup, kindInfo, knownKinds, schemaById, schemaOverlay, schemaOverlayGeneration, splitApiVersion, type KindInfo, type SchemaNode } from './bundle.ts';
import { checkDuration, checkLabelValue, checkObjectName, checkPort, checkQualifiedName, closestMatch, nameRuleFor } from './formats.ts';
import { requireFromSource } from '../model/sourceRequire.ts';

/** What a Meshwright keyword reports through ajv: the code, a message, and where below the current value. */
interface KeywordProblem {
  readonly code: string;
  readonly message: string;
  readonly sub?: readonly PathSegment[];
  readonly on?: 'key' | 'value';
}

type KeywordValidate = ((schema: unknown, data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] };

/** Wraps a check as an ajv keyword validator that reports KeywordProblems. */
function keywordValidator(check: (schema: unknown, data: unknown) => KeywordProblem[]): KeywordValidate {
  const validate: KeywordValidate = (schema, data) => {
    const problems = check(schema, data);
    if (problems.length === 0) return true; // the common case allocates nothing (ajv reads errors only on false)
    validate.errors = problems.map((problem) => ({ message: problem.message, params: { problem } }));
    return false;
  };
  return validate;
}

const NO_PROBLEMS: KeywordProblem[] = [];

const exclusiveCheck = keywordValidator((schema, data) => {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return NO_PROBLEMS;
  const object = data as Record<string, unknown>;
  let problems: KeywordProblem[] | undefined;
  for (const group of schema as string[][]) {
    let count = 0;
    for (const field of group) if (object[field] != null) count++;
    if (count < 2) continue;
    const present = group.filter((field) => object[field] != null);
    const others = present.slice(0, -1).map((field) => `"${field}"`).join(', ');
    const last = present[present.length - 1]!;
    (problems ??= []).push({
      code: 'MW0105',
      message: `"${last}" cannot be set together with ${others}: these fields are mutually exclusive (${group.join(', ')}); keep only one.`,
      sub: [last],
      on: 'key',
    });
  }
  return problems ?? NO_PROBLEMS;
});

const formatCheck = keywordValidator((schema, data) => {
  if (schema === 'duration') {
    const reason = checkDuration(data);
    return reason ? [{ code: 'MW0106', message: `Malformed duration: ${reason}` }] : NO_PROBLEMS;
  }
  if ((schema === 'labels' || schema === 'annotations') && data && typeof data === 'object' && !Array.isArray(data)) {
    const problems: KeywordProblem[] = [];
    const what = schema === 'labels' ? 'label' : 'annotation';
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      const keyReason = checkQualifiedName(key);
      if (keyReason) problems.push({ code: 'MW0108', message: `Invalid ${what} key "${key}": ${keyReason}.`, sub: [key], on: 'key' });
      else if (schema === 'labels' && typeof value === 'string') {
        const valueReason = checkLabelValue(value);
        if (valueReason) problems.push({ code: 'MW0108', message: `Invalid label value "${value}" for "${key}": ${valueReason}.`, sub: [key], on: 'value' });
      }
    }
    return problems;
  }
  return NO_PROBLEMS;
});

const portCheck = keywordValidator((_schema, data) => {
  const reason = checkPort(data);
  return reason ? [{ code: 'MW0107', message: `Invalid port: ${reason}` }] : NO_PROBLEMS;
});

const deprecatedCheck = keywordValidator((schema) => {
  const advice = String(schema).replace(/\s+/g, ' ');
  const sentence = /^.*?[.!](\s|$)/.exec(advice)?.[0].trim() ?? advice;
  return [{ code: 'MW0114', message: `This field is deprecated${sentence ? `: ${sentence}` : '.'}`, on: 'key' }];
});

const listKeysCheck = keywordValidator((schema, data) => {
  if (!Array.isArray(data) || data.length < 2) return NO_PROBLEMS;
  const { keys, defaults } = schema as { keys: string[]; defaults: Record<string, unknown> };
  const seen = new Map<string, number>();
  const problems: KeywordProblem[] = [];
  data.forEach((item, index) => {
    let identity: string;
    if (keys.length === 0) identity = JSON.stringify(item);
    else if (item && typeof item === 'object') identity = JSON.stringify(keys.map((key) => (item as Record<string, unknown>)[key] ?? defaults[key] ?? null));
    else return;
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, index);
      return;
    }
    const what = keys.length === 0 ? `the value ${JSON.stringify(item)}` : keys.map((key) => `${key} ${JSON.stringify((item as Record<string, unknown>)[key] ?? defaults[key] ?? null)}`).join(' and ');
    const unique = keys.length === 0 ? 'values must be unique' : `each item needs a unique ${keys.join(' + ')}`;
    problems.push({ code: 'MW0115', message: `Duplicate list item: item ${first} already has ${what}; ${unique}.`, sub: [index] });
  });
  return problems;
});

// Integer-ness is the type check's job (MW0102); the format only adds the range.
const int = (bits: number) => ({ type: 'number' as const, validate: (n: number) => !Number.isInteger(n) || Math.abs(n) <= 2 ** (bits - 1) });
const anyNumber = { type: 'number' as const, validate: () => true };

/** Meshwright's keywords and the formats the schemas use, shared by ajv and by validators generated at build time. */
const KEYWORDS = [
  { keyword: 'x-mw-exclusive', schemaType: 'array', validate: exclusiveCheck },
  { keyword: 'x-mw-format', schemaType: 'string', validate: formatCheck },
  { keyword: 'x-mw-port', schemaType: 'boolean', validate: portCheck },
  { keyword: 'x-mw-list-keys', schemaType: 'object', validate: listKeysCheck },
  { keyword: 'x-mw-deprecated', schemaType: 'string', validate: deprecatedCheck },
] as const;
const FORMATS = {
  int32: int(32),
  int64: anyNumber,
  double: anyNumber,
  float: anyNumber,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i,
  'int-or-string': () => true,
  ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/,
  ipv6: (text: string) => text.includes(':') && /^[0-9A-Fa-f:.]+$/.test(text),
};

/** String length in code points, as JSON Schema counts it (what ajv's own helper does). */
function ucs2length(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** What a validator generated at build time calls by name (see validatorSource and scripts/validators.mjs). */
export const VALIDATOR_RUNTIME = {
  keywords: Object.fromEntries(KEYWORDS.map((definition) => [definition.keyword, definition.validate])) as Record<string, KeywordValidate>,
  formats: FORMATS,
  ucs2length,
};
export type ValidatorRuntime = typeof VALIDATOR_RUNTIME;
/** A generated validator module: given the runtime, the validate function. */
export type ValidatorFactory = (runtime: ValidatorRuntime) => ValidateFunction;

type AjvLibrary = typeof import('ajv');
let ajvLibrary: AjvLibrary | undefined;
/**
 * The ajv compiler, loaded on first use: runs with validators generated at build time (the CLI) never compile a
 * schema.
 */
function ajvCompiler(): AjvLibrary {
  return (ajvLibrary ??= typeof require === 'function' ? (require('ajv') as AjvLibrary) : (requireFromSource(import.meta.url, 'ajv') as AjvLibrary));
}

/** With `source`, ajv keeps the generated code so that it can be written out as a standalone module. */
function createAjv(options: { source?: boolean } = {}): Ajv {
  const { Ajv, _ } = ajvCompiler();
  // inlineRefs/optimize off: compiling the large generated schemas is 5–10× faster, validation barely slower.
  const instance = new Ajv({
    allErrors: true, verbose: true, strict: false, logger: false, validateSchema: false, unicodeRegExp: false, inlineRefs: false,
    code: { optimize: false, ...(options.source ? { source: true, formats: _`runtime.formats` } : {}) },
  });
  for (const definition of KEYWORDS) instance.addKeyword({ ...definition, errors: true });
  for (const [name, format] of Object.entries(FORMATS)) instance.addFormat(name, format);
  return instance;
}

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  ajvInstance ??= createAjv();
  return ajvInstance;
}

/**
 * Build time: the validator of a bundled schema as the body of a CommonJS module exporting a ValidatorFactory,
 * so that a run loads it instead of compiling the schema (tens of milliseconds per kind). `standalone` is ajv's
 * standaloneCode (passed in, so the run-time bundle does not carry it). Undefined when the schema is unknown.
 */
export function validatorSource(id: string, standalone: (ajv: Ajv, validate: ValidateFunction) => string): string | undefined {
  const entry = schemaById(id);
  if (!entry) return undefined;
  const instance = createAjv({ source: true });
  const { _ } = ajvCompiler();
  const validate = instance.compile(entry.schema);
  // ajv refers to keyword functions only by reference; name them so the module can find them in the runtime.
  const scope = (instance as unknown as { scope: { _values: Record<string, Map<unknown, { value?: { ref: unknown; code?: unknown } }>> } }).scope;
  for (const [ref, name] of scope._values['keyword'] ?? []) {
    const definition = KEYWORDS.find((k) => k.validate === ref);
    if (!definition || !name.value) throw new Error(`schema ${id}: a keyword function Meshwright does not define`);
    name.value.code = _`runtime.keywords[${definition.keyword}]`;
  }
  const code = standalone(instance, validate).split('require("ajv/dist/runtime/ucs2length").default').join('runtime.ucs2length');
  if (code.includes('require(')) throw new Error(`schema ${id}: the generated validator needs ${/require\("[^"]*"\)/.exec(code)?.[0]}`);
  // `self` is the ajv instance a keyword function is called on; Meshwright's keywords do not use it.
  return `"use strict";\nmodule.exports = function (runtime) {\nconst module = { exports: {} };\nconst self = undefined;\n${code}\nreturn module.exports;\n};\n`;
}

let loadPrecompiled: ((id: string) => ValidatorFactory | undefined) | undefined;

/**
 * Validators generated at build time, by schema id (the CLI loads them from dist/cli/validators). Only for the
 * bundled schemas they were generated from: schemas from a cluster are always compiled.
 */
export function usePrecompiledValidators(load: ((id: string) => ValidatorFactory | undefined) | undefined): void {
  loadPrecompiled = load;
  compiled.clear();
}

function precompiled(id: string): ValidateFunction | undefined {
  if (!loadPrecompiled || schemaOverlay()?.schemas[id]) return undefined;
  try {
    return loadPrecompiled(id)?.(VALIDATOR_RUNTIME);
  } catch {
    return undefined; // a missing or broken module: compile instead
  }
}

const compiled = new Map<string, ValidateFunction | null>();
let compiledGeneration = 0;

/** The compiled validator of a schema id (null when the schema cannot be compiled: then nothing is checked). */
function validatorFor(id: string): ValidateFunction | null {
  if (compiledGeneration !== schemaOverlayGeneration()) {
    // A new cluster overlay: validators of the previous one's schemas are not needed any more.
    compiledGeneration = schemaOverlayGeneration();
    for (const [key, validate] of [...compiled]) {
      if (!key.startsWith('cluster.')) continue;
      if (validate) ajv().removeSchema(validate.schema as object);
      compiled.delete(key);
    }
  }
  let validate = compiled.get(id);
  if (validate === undefined) {
    validate = precompiled(id);
    if (!validate) {
      const entry = schemaById(id);
      try {
        validate = entry ? ajv().compile(entry.schema) : null;
      } catch {
        validate = null;
      }
    }
    compiled.set(id, validate);
  }
  return validate;
}

/**
 * Compiles the validators of the given kinds ahead of use (each takes tens of milliseconds), e.g. while the
 * server is idle after start-up, so that the first diagnostics of a file do not pay for it. Returns how many
 * were compiled.
 */
export function precompileValidators(kinds: readonly { apiVersion: string; kind: string }[]): number {
  let count = 0;
  for (const { apiVersion, kind } of kinds) {
    const info = kindInfo(apiVersion, kind);
    if (info && !compiled.has(info.schema)) {
      validatorFor(info.schema);
      count++;
    }
  }
  return count;
}

// ---------------------------------------------------------------------------------------------------------

/** All schema findings for one resource. */
export function validateResource(resource: Resource): Finding[] {
  if (hasSyntaxErrors(resource.document)) return [];
  return checkObject(resource.uri, resource.document, resource.object, resource.apiVersion, resource.kind);
}

/**
 * All schema findings for one YAML document, recognised as a resource or not: documents that look like a
 * Kubernetes object but lack apiVersion or kind get MW0104; other documents get nothing.
 */
export function validateDocument(uri: string, document: YamlDocument): Finding[] {
  if (hasSyntaxErrors(document)) return [];
  const value = document.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const object = value as Record<string, unknown>;
  const { apiVersion, kind } = object;
  if (typeof apiVersion === 'string' && typeof kind === 'string') return checkObject(uri, document, object, apiVersion, kind);
  const findings: Finding[] = [];
  const make = (field: 'apiVersion' | 'kind', present: unknown) => {
    if (present === undefined) {
      const other = field === 'kind' ? 'apiVersion' : 'kind';
      findings.push({ code: 'MW0104', uri, document, path: [other], on: 'value', message: `Missing required field "${field}": every Kubernetes object needs apiVersion and kind.`, data: { field } });
    } else if (typeof present !== 'string') {
      findings.push({ code: 'MW0102', uri, document, path: [field], on: 'value', message: `"${field}" must be a string.` });
    }
  };
  // Only documents that clearly try to be Kubernetes objects (one of the two fields, written as a string).
  const looksLikeObject = (typeof kind === 'string' && knownKinds().some((info) => info.kind === kind)) || (typeof apiVersion === 'string' && isKnownGroup(splitApiVersion(apiVersion).group) && apiVersion.includes('/'));
  if (!looksLikeObject) return [];
  make('apiVersion', apiVersion);
  make('kind', kind);
  return findings;
}

function hasSyntaxErrors(document: YamlDocument): boolean {
  return document.problems.some((problem) => problem.severity === 'error');
}

function checkObject(uri: string, document: YamlDocument, object: Record<string, unknown>, apiVersion: string, kind: string): Finding[] {
  const info = kindInfo(apiVersion, kind);
  if (!info) return unknownKind(uri, document, apiVersion, kind);
  let findings: Finding[] = [];
  const deprecation = deprecationFinding(uri, document, info);
  if (deprecation) findings.push(deprecation);
  const validate = validatorFor(info.schema);
  if (validate && !validate(object)) findings = findings.concat(mapErrors(uri, document, object, validate.errors ?? [], info));
  const names = nameFindings(uri, document, object, info);
  if (names.length > 0) findings = findings.concat(names);
  return findings.length > 1 ? dedupe(findings) : findings;
}

/** MW0109: a kind/version we do not know in a group we know (foreign CRDs are left alone). */
function unknownKind(uri: string, document: YamlDocument, apiVersion: string, kind: string): Finding[] {
  const { group } = splitApiVersion(apiVersion);
  if (kind.endsWith('List')) return []; // `kind: List` and typed lists (kubectl output) wrap other objects
  const sameName = knownKinds().filter((info) => info.kind === kind);
  if (!isKnownGroup(group) && sameName.length === 0) return [];
  if (!isKnownGroup(group) && !apiVersionLooksLike(apiVersion, sameName)) return [];
  const finding = (path: ObjectPath, message: string, data: Record<string, unknown>): Finding[] => [{ code: 'MW0109', uri, document, path, on: 'value', message, data }];
  if (sameName.length > 0) {
    const preferred = preferredOf(sameName);
    const versions = sameName.map((info) => info.apiVersion);
    const sameGroup = sameName.filter((info) => info.group === group);
    const message = sameGroup.length > 0
      ? `${kind} is not served as ${apiVersion}. Served versions: ${versions.join(', ')}; use ${preferred.apiVersion}.`
      : `${kind} is not part of ${apiVersion}: it is served as ${versions.join(', ')}; use ${preferred.apiVersion}.`;
    return finding(['apiVersion'], message, { apiVersion: preferred.apiVersion, candidates: versions });
  }
  const inGroup = knownKinds().filter((info) => info.group === group);
  const suggestion = closestMatch(kind, new Set(inGroup.map((info) => info.kind)));
  const names = [...new Set(inGroup.map((info) => info.kind))];
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` Known kinds in ${group || 'the core group'}: ${names.join(', ')}.`;
  return finding(['kind'], `Unknown kind "${kind}" for ${apiVersion}.${hint}`, suggestion ? { kind: suggestion } : {});
}

/** An apiVersion with an unknown group still counts as a typo of a known kind's group when it is close. */
function apiVersionLooksLike(apiVersion: string, candidates: readonly KindInfo[]): boolean {
  return candidates.some((info) => closestMatch(apiVersion, [info.apiVersion]) !== undefined);
}

function preferredOf(infos: readonly KindInfo[]): KindInfo {
  const first = infos[0]!;
  return infos.find((info) => info.group === first.group && info.version === first.preferredVersion) ?? first;
}

/** MW0110: a served version older than the kind's preferred one. */
function deprecationFinding(uri: string, document: YamlDocument, info: KindInfo): Finding | undefined {
  if (info.version === info.preferredVersion && !info.deprecated) return undefined;
  const preferred = `${info.group ? `${info.group}/` : ''}${info.preferredVersion}`;
  const same = info.source === 'istio' ? ' (same fields)' : '';
  const why = info.deprecationWarning ?? `${info.kind} ${info.apiVersion} is an older API version; ${preferred} is the current one${same}.`;
  return {
    code: 'MW0110',
    uri,
    document,
    path: ['apiVersion'],
    on: 'value',
    message: `${why} Change apiVersion to ${preferred}.`,
    severity: info.deprecated ? 'warning' : undefined,
    data: { apiVersion: preferred },
  };
}

/** MW0111: metadata.name and metadata.namespace as the API server checks them. */
function nameFindings(uri: string, document: YamlDocument, object: Record<string, unknown>, info: KindInfo): Finding[] {
  const metadata = object.metadata;
  if (!metadata || typeof metadata !== 'object') return [];
  const { name, namespace, generateName } = metadata as Record<string, unknown>;
  const findings: Finding[] = [];
  if (name === undefined && generateName === undefined) {
    findings.push({ code: 'MW0104', uri, document, path: ['metadata'], on: 'value', message: `Missing required field "name" in ${info.kind}.metadata.`, data: { field: 'name', parent: ['metadata'] } });
  }
  if (typeof name === 'string') {
    const rule = nameRuleFor(info.kind);
    const reason = checkObjectName(name, rule);
    const kindOfName = rule === 'subdomain' ? 'a DNS-1123 subdomain' : rule === 'label' ? 'a DNS-1123 label' : 'a DNS-1035 label';
    if (reason) findings.push({ code: 'MW0111', uri, document, path: ['metadata', 'name'], on: 'value', message: `Invalid ${info.kind} name "${name}": ${reason} (${kindOfName}).` });
  }
  if (typeof namespace === 'string') {
    const reason = checkObjectName(namespace, 'label');
    if (reason) findings.push({ code: 'MW0111', uri, document, path: ['metadata', 'namespace'], on: 'value', message: `Invalid namespace "${namespace}": ${reason} (a DNS-1123 label).` });
    else if (!info.namespaced) findings.push({ code: 'MW0112', uri, document, path: ['metadata', 'namespace'], on: 'key', severity: 'warning', message: `${info.kind} is cluster-scoped: metadata.namespace is ignored; remove it.` });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------
// ajv errors → findings

const TYPE_NAMES: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'empty' };

const FORMAT_NAMES: Record<string, string> = {
  byte: 'base64 text (use stringData for plain text)',
  'date-time': 'RFC 3339 timestamp',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  int32: '32-bit integer',
};

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `${value}`;
}

/** JSON pointer → object path, with numeric segments where the data is a list. */
function toPath(pointer: string, data: unknown): PathSegment[] {
  if (!pointer) return [];
  const path: PathSegment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) ? Number(key) : key;
    path.push(segment);
    current = current && typeof current === 'object' ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return path;
}

/** The field name a path ends in: "timeout", or "hostnames[0]" for a list item. */
function lastKey(path: readonly PathSegment[]): string {
  let index = path.length - 1;
  let suffix = '';
  while (index >= 0 && typeof path[index] === 'number') suffix = `[${path[index--]}]${suffix}`;
  return index >= 0 ? `${String(path[index])}${suffix}` : suffix || 'the object';
}

function where(path: readonly PathSegment[], kind: string): string {
  let text = kind;
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  return text;
}

function valueAtPath(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function mapErrors(uri: string, document: YamlDocument, object: unknown, errors: readonly ErrorObject[], info: KindInfo): Finding[] {
  const findings: Finding[] = [];
  const make = (code: string, path: PathSegment[], message: string, on: 'key' | 'value', data?: Record<string, unknown>): void => {
    findings.push({ code, uri, document, path, on, message, ...(data ? { data } : {}) });
  };
  for (const error of errors) {
    // Errors inside oneOf/anyOf/not branches only explain the combinator's own error.
    if (/\/(oneOf|anyOf)\/\d+\/|\/not\//.test(error.schemaPath)) continue;
    const path = toPath(error.instancePath, object);
    const value = valueAtPath(object, path);
    const parent = error.parentSchema as SchemaNode | undefined;
    const problem = (error.params as { problem?: KeywordProblem } | undefined)?.problem;
    if (problem) {
      // Meshwright keywords (x-mw-exclusive, x-mw-format, x-mw-port) carry their own code and message.
      make(problem.code, [...path, ...(problem.sub ?? [])], problem.message, problem.on ?? 'value');
      continue;
    }
    switch (error.keyword) {
      case 'additionalProperties': {
        const field = (error.params as { additionalProperty: string }).additionalProperty;
        const known = Object.keys(parent?.properties ?? {});
        const suggestion = closestMatch(field, known);
        const hint = suggestion ? ` Did you mean "${suggestion}"?` : known.length > 0 && known.length <= 12 ? ` Known fields: ${known.join(', ')}.` : '';
        make('MW0101', [...path, field], `Unknown field "${field}" in ${where(path, info.kind)}.${hint}`, 'key', suggestion ? { suggestion } : undefined);
        break;
      }
      case 'type': {
        if (value === null && path.join('.') === 'metadata.creationTimestamp') break; // written by `kubectl create --dry-run -o yaml`
        if (value === null) {
          make('MW0113', path, `"${lastKey(path)}" has no value: the API server drops empty fields. Give it a value or remove it.`, 'key');
          break;
        }
        const wanted = String((error.params as { type: string }).type).split(',').map((type) => TYPE_NAMES[type] ?? type).join(' or ');
        make('MW0102', path, `${where(path, info.kind)} must be ${wanted}, not ${describeValue(value)}.`, 'value', { expected: (error.params as { type: string }).type });
        break;
      }
      case 'enum': {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
        const suggestion = typeof value === 'string' ? closestMatch(value, allowed.map(String)) : undefined;
        const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
        make('MW0103', path, `${describeValue(value)} is not allowed for "${lastKey(path)}".${hint} Allowed values: ${allowed.map(String).join(', ')}.`, 'value', { allowed, ...(suggestion ? { suggestion } : {}) });
        break;
      }
      case 'required': {
        const field = (error.params as { missingProperty: string }).missingProperty;
        // A missing top-level field is reported on the value of `kind` (the kind that needs it), so the whole
        // document is not underlined.
        if (path.length === 0) make('MW0104', ['kind'], `Missing required field "${field}": a ${info.kind} needs it at the top level.`, 'value', { field, parent: path });
        else make('MW0104', path, `Missing required field "${field}" in ${where(path, info.kind)}.`, 'key', { field, parent: path });
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        if (parent?.['x-mw-port']) break;
        make('MW0112', path, `${where(path, info.kind)} ${error.message ?? 'is out of range'}.`, 'value');
        break;
      case 'format': {
        const format = (error.params as { format: string }).format;
        const what = FORMAT_NAMES[format] ?? `${format} value`;
        make('MW0112', path, `${describeValue(value)} is not a valid ${what} for "${lastKey(path)}".`, 'value');
        break;
      }
        break;
      case 'pattern':
        make('MW0112', path, `${describeValue(value)} does not have the form "${lastKey(path)}" requires (pattern ${(error.params as { pattern: string }).pattern}).`, 'value');
        break;
      case 'minItems':
      case 'maxItems':
      case 'minLength':
      case 'maxLength':
      case 'minProperties':
      case 'maxProperties':
      case 'uniqueItems':
        make('MW0112', path, `${where(path, info.kind)} ${error.message ?? 'violates a schema constraint'}.`, 'value');
        break;
      case 'oneOf':
      case 'anyOf':
      case 'not':
        make('MW0112', path, `${where(path, info.kind)} does not match any allowed form of this field; check the field's documentation.`, 'value');
        break;
      default:
        make('MW0112', path, `${where(path, info.kind)} ${error.message ?? 'violates the schema'}.`, 'value');
    }
  }
  return findings;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.code}|${finding.path.join('\u0000')}|${finding.on}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
