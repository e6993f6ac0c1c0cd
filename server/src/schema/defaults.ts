// Structural-schema defaulting as the API server does it before validation and CEL rules run: a missing
// field whose schema has a `default` gets it, inside every object and list item that is present.
import type { SchemaNode } from './bundle.ts';
import { schemaFor } from './bundle.ts';
import { resolve } from './walk.ts';

/** A copy of `object` with the schema's defaults filled in (the input is not changed). Unknown kinds: a plain copy. */
export function applyDefaults(apiVersion: string, kind: string, object: unknown): unknown {
  const root = schemaFor(apiVersion, kind)?.schema;
  return root ? withDefaults(root, root, object, 0) : structuredClone(object);
}

function withDefaults(root: SchemaNode, node: SchemaNode | undefined, value: unknown, depth: number): unknown {
  const schema = resolve(root, node);
  if (!schema || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => withDefaults(root, schema.items, item, depth + 1));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const input = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(input)) {
    const childSchema = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    out[key] = withDefaults(root, childSchema, child, depth + 1);
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (key in input) continue;
    const resolved = resolve(root, property);
    if (resolved?.default !== undefined) out[key] = withDefaults(root, resolved, structuredClone(resolved.default), depth + 1);
  }
  return out;
}
