// The one catalogue of every diagnostic code Meshwright can report: level, title and documentation.
// Codes are never reused; retired codes stay listed with `retired: true`. docs/diagnostics.md is generated
// from this file (npm run docs) and a tidy test keeps the two in step.
import type { Severity } from '../model/types.ts';

export interface CatalogueEntry {
  /** Stable code: MWnnnn for Meshwright's own checks, ISTnnnn where the meaning equals istioctl analyze's. */
  readonly code: string;
  /** PascalCase name (for IST codes, Istio's message name). */
  readonly name: string;
  readonly level: Severity;
  /** One line: what is wrong. */
  readonly title: string;
  /** Documentation: why it matters and how to fix it (Markdown, a few sentences). */
  readonly docs: string;
  /** A minimal YAML example that triggers the finding. */
  readonly example?: string;
  /** Where the check comes from: 'syntax', 'schema', 'webhook', 'istioctl', 'kiali', 'cel', 'meshwright'. */
  readonly source: string;
  /** For our own codes that istioctl reports under a generic code (IST0106/IST0133/…): that code. */
  readonly istio?: string;
  readonly retired?: boolean;
}

/**
 * Code ranges:
 *   MW0001–MW0099  reading text (syntax, limits, recognising resources)
 *   MW0100–MW0199  schema validation (unknown field, type, enum, required, exclusive, formats, versions)
 *   MW0200–MW0299  Istio admission-webhook semantics without an IST equivalent
 *   MW0300–MW0399  cross-resource checks beyond istioctl (Kiali-equivalent and our own)
 *   MW0400–MW0499  CEL rules from the CRDs
 *   IST0xxx        same meaning as istioctl analyze
 */
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    code: 'MW0001',
    name: 'YamlSyntaxError',
    level: 'error',
    title: 'The text is not valid YAML.',
    docs: 'The YAML parser could not read this part of the document. Typical causes are tabs used for indentation, an unclosed quote or bracket, a duplicated key, or a key indented at the wrong level. Nothing else is checked inside a document until it parses.',
    example: 'metadata:\n\tname: reviews   # a tab',
    source: 'syntax',
  },
  {
    code: 'MW0002',
    name: 'FileTooLarge',
    level: 'info',
    title: 'The file is too large to analyze.',
    docs: 'Files above 16 MiB are not parsed, so that the editor stays responsive. Split the file into several files to get diagnostics.',
    source: 'syntax',
  },
  {
    code: 'MW0003',
    name: 'NestingTooDeep',
    level: 'error',
    title: 'The document is nested too deeply to analyze.',
    docs: 'Documents nested deeper than 256 levels are refused before parsing: very deep nesting can exhaust the parser. No Kubernetes object needs that depth; flatten the structure.',
    example: 'a: [[[[[[ … 300 levels … ]]]]]]',
    source: 'syntax',
  },
  {
    code: 'MW0004',
    name: 'AliasExpansionLimit',
    level: 'error',
    title: 'Aliases expand to too many nodes.',
    docs: 'YAML aliases (`*name`) that refer to other aliases can grow exponentially ("billion laughs"). Expansion stops after 10,000 nodes and the rest of the document is treated as empty. Kubernetes rejects such documents too; write the values out or use fewer nested aliases.',
    example: 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]  # … many levels',
    source: 'syntax',
  },
  {
    code: 'MW0101',
    name: 'UnknownField',
    level: 'error',
    title: 'The field is not part of the schema.',
    docs: 'The API server drops fields its schema does not list (and `kubectl apply` with strict field validation rejects them), so a misspelt field silently does nothing. The message suggests the closest known field name. Fields under `x-kubernetes-preserve-unknown-fields` objects (such as EnvoyFilter patches) are not checked.',
    example: 'spec:\n  hots: [reviews]   # did you mean "hosts"?',
    source: 'schema',
  },
  {
    code: 'MW0102',
    name: 'WrongType',
    level: 'error',
    title: 'The value has the wrong type.',
    docs: 'The schema expects another type here: a list instead of a single value, a number instead of a quoted string, a mapping instead of a scalar. YAML reads `80` as a number and `"80"` as a string, and `1.0` as a number; quote values that must be strings and unquote numbers.',
    example: 'retries:\n  attempts: "3"   # must be an integer',
    source: 'schema',
  },
  {
    code: 'MW0103',
    name: 'InvalidEnumValue',
    level: 'error',
    title: 'The value is not one of the allowed values.',
    docs: 'The field accepts a fixed set of values (listed in the message, with the closest one suggested). Enum values are case-sensitive.',
    example: 'loadBalancer:\n  simple: ROUND_ROBBIN   # ROUND_ROBIN',
    source: 'schema',
  },
  {
    code: 'MW0104',
    name: 'MissingRequiredField',
    level: 'error',
    title: 'A required field is missing.',
    docs: 'The API server rejects the object without this field. The finding sits on the key of the object that should contain the field (on `kind` for top-level fields such as `metadata`).',
    example: 'http:\n- route:\n  - destination: {}   # host is required',
    source: 'schema',
  },
  {
    code: 'MW0105',
    name: 'MutuallyExclusiveFields',
    level: 'error',
    title: 'Fields that exclude each other are set together.',
    docs: 'Some fields are alternatives (a "oneof" in Istio\'s API): at most one of them may be set, for example `simple` and `consistentHash` in a load balancer, or `exact`, `prefix` and `regex` in a string match. Keep the one you mean and remove the others.',
    example: 'loadBalancer:\n  simple: RANDOM\n  consistentHash: {useSourceIp: true}',
    source: 'schema',
  },
  {
    code: 'MW0106',
    name: 'MalformedDuration',
    level: 'error',
    title: 'The duration is malformed or shorter than 1ms.',
    docs: 'Istio durations are a number followed by a unit (`h`, `m`, `s`, `ms`, `us`, `ns`), possibly several in a row: `1.5s`, `100ms`, `1h2m`. A bare number has no unit and is rejected, and Istio\'s CRDs require at least 1ms.',
    example: 'timeout: 10   # write 10s',
    source: 'schema',
  },
  {
    code: 'MW0107',
    name: 'InvalidPort',
    level: 'error',
    title: 'The port number is out of range.',
    docs: 'Port numbers are integers from 1 to 65535. Named ports (strings) are allowed only where the field says so, such as a Service\'s `targetPort`.',
    example: 'port:\n  number: 70000',
    source: 'schema',
  },
  {
    code: 'MW0108',
    name: 'InvalidLabel',
    level: 'error',
    title: 'A label or annotation key, or a label value, is not a valid Kubernetes name.',
    docs: 'Label and annotation keys are an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters made of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. Label values follow the same rule for the name part (or are empty). Label values must be strings: quote numbers and booleans (`version: "1"`).',
    example: 'labels:\n  app: -reviews',
    source: 'schema',
  },
  {
    code: 'MW0109',
    name: 'UnknownApiVersionOrKind',
    level: 'error',
    title: 'The apiVersion/kind pair is not known.',
    docs: 'The group is one Meshwright knows (Istio, Gateway API or core Kubernetes) but this kind is not served at this apiVersion: a misspelt kind, a kind in the wrong group, or a version that does not exist. The message lists the versions that are served; a quick fix replaces the value. Kinds from groups Meshwright does not know (other operators\' CRDs) are left alone.',
    example: 'apiVersion: networking.istio.io/v1\nkind: AuthorizationPolicy   # security.istio.io/v1',
    source: 'schema',
  },
  {
    code: 'MW0110',
    name: 'DeprecatedApiVersion',
    level: 'info',
    title: 'A newer API version of this kind exists.',
    docs: 'Istio still serves `v1alpha3` and `v1beta1` of its networking and security kinds, but `v1` is the current version with the same fields; the Gateway API likewise graduates kinds to `v1`. Change `apiVersion` to the version named in the message (a quick fix does it). When the CRD itself marks the version deprecated, the finding is a warning.',
    example: 'apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService',
    source: 'schema',
  },
  {
    code: 'MW0111',
    name: 'InvalidObjectName',
    level: 'error',
    title: 'metadata.name or metadata.namespace is not a valid Kubernetes name.',
    docs: 'Most objects need a DNS-1123 subdomain as name: lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters. Namespaces (and `metadata.namespace`) need a DNS-1123 label (no dots, at most 63 characters); Services need a DNS-1035 label (also starting with a letter).',
    example: 'metadata:\n  name: Reviews_v1',
    source: 'schema',
  },
  {
    code: 'MW0112',
    name: 'SchemaConstraintViolated',
    level: 'error',
    title: 'The value violates a constraint of the schema.',
    docs: 'The value has the right type but breaks another rule of the schema: a pattern, a minimum or maximum, a length or item count, a format (such as an IP address), or an alternative form of the field. Also reported, as a warning, for `metadata.namespace` on a cluster-scoped kind, where it is ignored.',
    example: 'hostnames:\n- "*"   # the Gateway API requires a hostname pattern',
    source: 'schema',
  },
  {
    code: 'MW0113',
    name: 'EmptyValue',
    level: 'warning',
    title: 'The field has no value.',
    docs: 'A key with nothing after it (`timeout:`) is `null` in YAML. The API server drops such fields as if they were not written, which is rarely what was meant. Give the field a value or remove the key.',
    example: 'http:\n- timeout:',
    source: 'schema',
  },
];

const byCode = new Map(CATALOGUE.map((entry) => [entry.code, entry]));

/** Looks up a code; throws for unknown codes so typos fail tests, not users. */
export function catalogueEntry(code: string): CatalogueEntry {
  const entry = byCode.get(code);
  if (!entry) throw new Error(`Unknown diagnostic code ${code}: add it to server/src/analysis/catalogue.ts`);
  return entry;
}

/** The documentation anchor for a code, relative to docs/diagnostics.md. */
export function docsAnchor(code: string): string {
  return `#${code.toLowerCase()}`;
}
