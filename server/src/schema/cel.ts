// Offline evaluation of CRD validation rules (x-kubernetes-validations, CEL) with @bufbuild/cel.
// Adds the Kubernetes CEL library functions Istio's and the Gateway API's rules use (isURL, url().getScheme(),
// the strings extension). Each rule is parsed and planned once; transition rules (oldSelf) are skipped
// because there is no previous object offline. Never throws: problems become 'unevaluable' outcomes.
import type { CelEnv, CelInput, CelResult, CelValue } from '@bufbuild/cel';
import type { ObjectPath, PathSegment } from '../model/types.ts';
import { schemaOverlay, schemaOverlayGeneration, type CelRule } from './bundle.ts';
import { requireFromSource } from '../model/sourceRequire.ts';

/** One rule as extracted from a CRD by scripts/celRules.mjs (the same shape as the schema bundle's rules). */
export type { CelRule } from './bundle.ts';

type CelRuntime = typeof import('./celRuntime.ts');
let runtime: CelRuntime | undefined;

/**
 * The CEL library, loaded on first use: booting it costs a run of the CLI about 20 ms, and most Istio manifests
 * never reach a rule that needs it.
 */
export function celRuntime(): CelRuntime {
  return (runtime ??= typeof require === 'function' ? (require('./celRuntime.ts') as CelRuntime) : (requireFromSource(import.meta.url, './celRuntime.ts') as CelRuntime));
}

/** Whether the CEL library has been loaded in this process (for tests of the lazy loading). */
export function celRuntimeLoaded(): boolean {
  return runtime !== undefined;
}

/** The generated rules file: 'group/version/Kind' → rules. */
export interface CelRuleFile {
  readonly kinds: Readonly<Record<string, {
    readonly source: string;
    readonly rules: readonly CelRule[];
    /** Schema defaults (path with '*' wildcards → value), applied before evaluation like the API server does. */
    readonly defaults?: readonly { readonly path: readonly string[]; readonly value: unknown }[];
  }>>;
}

export interface CelOutcome {
  /** 'failed': the rule evaluated to false (or to a runtime error on this value); 'unevaluable': we cannot run it. */
  readonly outcome: 'failed' | 'unevaluable';
  readonly rule: CelRule;
  /** Object path of the value the rule applies to (plus the rule's fieldPath, if any). */
  readonly path: ObjectPath;
  readonly message: string;
}

type Evaluator = (bindings: { self: CelInput }) => CelResult;
interface Compiled {
  readonly evaluate?: Evaluator;
  readonly messageEvaluate?: Evaluator;
  /** Why the rule cannot be evaluated offline. */
  readonly skip?: string;
}

/**
 * `matches()` compiles its pattern on every call by default; the CRDs' patterns are constant, so compile each once.
 * The patterns in the CRDs are RE2 patterns that JavaScript reads the same way (classes, anchors, repetition).
 */
const regexCache = new Map<string, RegExp>();
const CACHED_REGEX = {
  compile(pattern: string): { test(text: string): boolean } {
    let regex = regexCache.get(pattern);
    if (!regex) {
      const { source, flags } = translateRe2Flags(pattern);
      try {
        regex = new RegExp(source, `u${flags}`);
      } catch {
        regex = new RegExp(source, flags);
      }
      regexCache.set(pattern, regex);
    }
    return regex;
  },
};

/**
 * RE2 allows leading inline flags such as `(?i)` or `(?is)`, which JavaScript does not: turn them into
 * RegExp flags (i, s, m). Patterns with flags elsewhere are left alone (and fail to compile, reported as MW0402).
 */
export function translateRe2Flags(pattern: string): { source: string; flags: string } {
  const match = /^\(\?([ims]+)\)/.exec(pattern);
  if (!match) return { source: pattern, flags: '' };
  return { source: pattern.slice(match[0].length), flags: [...new Set(match[1]!)].join('') };
}

/** Functions/methods a rule may call that we provide; anything else makes the rule unevaluable. */
const KNOWN_CALLS = new Set([
  'has', 'size', 'all', 'exists', 'exists_one', 'map', 'filter', 'matches', 'contains', 'startsWith', 'endsWith',
  'duration', 'timestamp', 'int', 'uint', 'double', 'string', 'bool', 'type', 'dyn',
  'isURL', 'url', 'getScheme', 'getHost', 'getEscapedPath',
  'substring', 'split', 'lowerAscii', 'upperAscii', 'trim', 'replace', 'indexOf', 'lastIndexOf', 'join', 'charAt',
]);

/** CEL keywords Kubernetes escapes in property names (`namespace` → `__namespace__`). */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** Converts plain YAML data to CEL input: objects → maps, whole numbers → int, everything else as is. */
export function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value !== null && typeof value === 'object') {
    const map = new Map<string, CelInput>();
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (child !== null && child !== undefined) map.set(RESERVED.has(key) ? `__${key}__` : key, toCel(child));
    }
    return map;
  }
  return value as CelInput;
}

/** Expands a schema path with '*' wildcards into the concrete object paths present in `object`. */
export function instancesOf(object: unknown, schemaPath: readonly string[]): { path: ObjectPath; value: unknown }[] {
  let current: { path: PathSegment[]; value: unknown }[] = [{ path: [], value: object }];
  for (const segment of schemaPath) {
    const next: { path: PathSegment[]; value: unknown }[] = [];
    for (const { path, value } of current) {
      if (value === null || typeof value !== 'object') continue;
      if (segment === '*') {
        if (Array.isArray(value)) value.forEach((item, index) => next.push({ path: [...path, index], value: item }));
        else for (const [key, item] of Object.entries(value)) next.push({ path: [...path, key], value: item });
      } else if (!Array.isArray(value) && Object.hasOwn(value, segment)) {
        next.push({ path: [...path, segment], value: (value as Record<string, unknown>)[segment] });
      }
    }
    current = next;
  }
  return current.filter((entry) => entry.value !== null && entry.value !== undefined);
}

/** Parses a rule's fieldPath (`.spec.a['b'].c`) into path segments; undefined when it is not understood. */
function parseFieldPath(fieldPath: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const pattern = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[['"]([^'"]*)['"]\]|\[(\d+)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(fieldPath))) {
    segments.push(match[1] ?? match[2] ?? Number(match[3]));
    consumed = pattern.lastIndex;
  }
  return consumed === fieldPath.length ? segments : undefined;
}

/** Rules and defaults arranged by schema path, so one walk over an object finds every rule's values. */
interface SchemaNode {
  readonly rules: CelRule[];
  readonly children: Map<string, SchemaNode>;
  defaultValue?: unknown;
  /** Whether this node or a descendant has rules or defaults (otherwise values convert without a walk). */
  live: boolean;
}

function newNode(): SchemaNode {
  return { rules: [], children: new Map(), live: false };
}

function nodeAt(root: SchemaNode, path: readonly string[]): SchemaNode {
  let node = root;
  node.live = true;
  for (const segment of path) {
    let child = node.children.get(segment);
    if (!child) node.children.set(segment, (child = newNode()));
    node = child;
    node.live = true;
  }
  return node;
}

export interface CelStats {
  readonly compiled: number;
  readonly skipped: number;
}

/** Evaluates the rules of one rules file; compiled rules are cached across calls. */
export class CelValidator {
  private env: CelEnv | undefined;
  private readonly compiled = new Map<CelRule, Compiled>();
  private readonly schemas = new Map<string, SchemaNode | undefined>();
  private schemasGeneration = schemaOverlayGeneration();
  private readonly kinds: CelRuleFile['kinds'];
  private readonly ignore: (rule: CelRule) => boolean;

  /** `ignore` drops rules another check already covers (they are neither evaluated nor reported). */
  constructor(file: CelRuleFile, ignore: (rule: CelRule) => boolean = () => false) {
    this.kinds = file.kinds;
    this.ignore = ignore;
  }

  rulesFor(group: string, version: string, kind: string): readonly CelRule[] {
    return this.entryFor(`${group}/${version}/${kind}`)?.rules ?? [];
  }

  /**
   * The rules of a 'group/version/Kind': from the schema overlay (CRDs read from a cluster) when it has the
   * kind, else from the rules file. An overlay rule identical to one of the file's is replaced by that one, so
   * `ignore` and the compiled-rule cache treat it the same; new rules that a schema check already reports
   * (durations, ports) are left out.
   */
  private entryFor(key: string): CelRuleFile['kinds'][string] | undefined {
    const bundled = this.kinds[key];
    const overlaid = schemaOverlay()?.cel?.[key];
    if (!overlaid) return bundled;
    const identity = (rule: CelRule) => JSON.stringify([rule.path, rule.rule, rule.message ?? '', rule.messageExpression ?? '', rule.fieldPath ?? '']);
    const known = new Map((bundled?.rules ?? []).map((rule) => [identity(rule), rule]));
    const rules: CelRule[] = [];
    for (const rule of overlaid.rules) {
      const twin = known.get(identity(rule));
      if (twin) rules.push(twin);
      else if (!rule.coveredBy) rules.push(rule);
    }
    return { source: 'cluster', rules, defaults: overlaid.defaults };
  }

  /** Evaluates every rule for a resource's group/version/kind against its object (schema defaults applied first). */
  validate(group: string, version: string, kind: string, object: unknown): CelOutcome[] {
    const root = this.schemaFor(`${group}/${version}/${kind}`);
    const outcomes: CelOutcome[] = [];
    if (!root) return outcomes;
    const reportedUnevaluable = new Set<CelRule>();
    // `needed`: a rule here or above reads this value, so it is converted to CEL input; elsewhere the walk only
    // looks for the rules below (converting the values nobody reads is most of the cost).
    const walk = (node: SchemaNode, value: unknown, path: PathSegment[], neededAbove: boolean): CelInput | undefined => {
      const needed = neededAbove || node.rules.length > 0;
      if (!node.live) return needed ? toCel(value) : undefined;
      let converted: CelInput | undefined;
      if (Array.isArray(value)) {
        const items = node.children.get('*');
        if (needed) converted = value.map((item, index) => (items ? walk(items, item, [...path, index], true)! : toCel(item)));
        else if (items) value.forEach((item, index) => walk(items, item, [...path, index], false));
      } else if (value !== null && typeof value === 'object') {
        const map = needed ? new Map<string, CelInput>() : undefined;
        const record = value as Record<string, unknown>;
        const anyKey = node.children.get('*');
        for (const [key, child] of Object.entries(record)) {
          if (child === null || child === undefined) continue;
          const childNode = node.children.get(key) ?? anyKey;
          if (!childNode && !map) continue;
          const input = childNode ? walk(childNode, child, [...path, key], needed) : toCel(child);
          if (map) map.set(RESERVED.has(key) ? `__${key}__` : key, input!);
        }
        for (const [key, childNode] of node.children) {
          if (key === '*' || childNode.defaultValue === undefined || record[key] !== undefined && record[key] !== null) continue;
          const input = walk(childNode, childNode.defaultValue, [...path, key], needed);
          if (map) map.set(RESERVED.has(key) ? `__${key}__` : key, input!);
        }
        converted = map;
      } else {
        converted = needed ? toCel(value) : undefined;
      }
      for (const rule of node.rules) {
        if (value === null || value === undefined) continue;
        const compiled = this.compile(rule);
        if (compiled.skip !== undefined) {
          if (compiled.skip !== 'transition' && !reportedUnevaluable.has(rule)) {
            reportedUnevaluable.add(rule);
            outcomes.push({ outcome: 'unevaluable', rule, path, message: compiled.skip });
          }
          continue;
        }
        const outcome = this.evaluateOne(rule, compiled, path, converted!); // a node with rules is always converted
        if (outcome && (outcome.outcome === 'failed' || !reportedUnevaluable.has(rule))) {
          if (outcome.outcome === 'unevaluable') reportedUnevaluable.add(rule);
          outcomes.push(outcome);
        }
      }
      return converted;
    };
    walk(root, object, [], false);
    return outcomes;
  }

  /** The rules and defaults of one group/version/kind as a schema tree (built once). */
  private schemaFor(key: string): SchemaNode | undefined {
    if (this.schemasGeneration !== schemaOverlayGeneration()) {
      this.schemasGeneration = schemaOverlayGeneration();
      this.schemas.clear();
    }
    if (this.schemas.has(key)) return this.schemas.get(key);
    // Only the rules to evaluate shape the tree: a kind whose rules are all covered elsewhere is not walked.
    const entry = this.entryFor(key);
    const rules = entry?.rules.filter((rule) => !this.ignore(rule)) ?? [];
    let root: SchemaNode | undefined;
    if (rules.length > 0) {
      root = newNode();
      for (const rule of rules) nodeAt(root, rule.path).rules.push(rule);
      for (const { path, value } of entry?.defaults ?? []) nodeAt(root, path).defaultValue = value;
    }
    this.schemas.set(key, root);
    return root;
  }

  /** How many distinct rules were compiled so far and how many of them cannot be evaluated. */
  stats(): CelStats {
    let skipped = 0;
    for (const compiled of this.compiled.values()) if (compiled.skip !== undefined) skipped++;
    return { compiled: this.compiled.size, skipped };
  }

  /** Compiles a rule (cached), or says why it cannot be evaluated offline. */
  compile(rule: CelRule): Compiled {
    let compiled = this.compiled.get(rule);
    if (!compiled) {
      compiled = this.compileUncached(rule);
      this.compiled.set(rule, compiled);
    }
    return compiled;
  }

  private compileUncached(rule: CelRule): Compiled {
    if (/\boldSelf\b/.test(rule.rule)) return { skip: 'transition' };
    const unknown = [...rule.rule.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)]
      .map((match) => match[1]!)
      .filter((name) => !KNOWN_CALLS.has(name));
    if (unknown.length > 0) return { skip: `it calls ${[...new Set(unknown)].join(', ')}, which Meshwright cannot evaluate offline` };
    const cel = celRuntime();
    const env = (this.env ??= cel.kubernetesCelEnv(CACHED_REGEX));
    try {
      const evaluate = cel.plan(env, cel.parse(rule.rule)) as unknown as Evaluator;
      let messageEvaluate: Evaluator | undefined;
      if (rule.messageExpression) {
        try {
          messageEvaluate = cel.plan(env, cel.parse(rule.messageExpression)) as unknown as Evaluator;
        } catch {
          messageEvaluate = undefined;
        }
      }
      return messageEvaluate ? { evaluate, messageEvaluate } : { evaluate };
    } catch (error) {
      return { skip: `it does not parse (${error instanceof Error ? error.message : String(error)})` };
    }
  }

  private evaluateOne(rule: CelRule, compiled: Compiled, path: ObjectPath, self: CelInput): CelOutcome | undefined {
    let result: CelResult;
    try {
      result = compiled.evaluate!({ self });
    } catch (error) {
      return { outcome: 'unevaluable', rule, path, message: `evaluation failed (${error instanceof Error ? error.message : String(error)})` };
    }
    const target = rule.fieldPath ? [...path, ...(parseFieldPath(rule.fieldPath) ?? [])] : path;
    if (result === true) return undefined;
    if (celRuntime().isCelError(result)) {
      if (/no (such|matching) overload|unknown|not found|unsupported|undeclared/i.test(result.message)) {
        return { outcome: 'unevaluable', rule, path, message: `evaluation failed (${result.message})` };
      }
      // Kubernetes rejects an object whose rule errors at run time (e.g. an unparsable duration).
      return { outcome: 'failed', rule, path: target, message: `${this.messageOf(rule, compiled, self)} (the rule could not be evaluated on this value: ${result.message})` };
    }
    if (result !== false) {
      return { outcome: 'unevaluable', rule, path, message: `it returned ${String(result as CelValue)} instead of a boolean` };
    }
    return { outcome: 'failed', rule, path: target, message: this.messageOf(rule, compiled, self) };
  }

  private messageOf(rule: CelRule, compiled: Compiled, self: CelInput): string {
    if (compiled.messageEvaluate) {
      try {
        const message = compiled.messageEvaluate({ self });
        if (typeof message === 'string' && message.trim() !== '') return message;
      } catch {
        // fall back to the static message
      }
    }
    return rule.message ?? `failed rule: ${rule.rule}`;
  }
}
