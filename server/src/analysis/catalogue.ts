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
    docs: 'YAML aliases (`*name`) that refer to other aliases can grow exponentially ("billion laughs"). Expansion stops after 100,000 nodes and the rest of the document is treated as empty. Kubernetes rejects such documents too; write the values out or use fewer nested aliases.',
    example: 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]  # … many levels',
    source: 'syntax',
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
