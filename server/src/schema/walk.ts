// Schema navigation for editor features: the schema node at an object path, its properties, and a short
// human description of its type. Follows local $refs, list items and map values.
import type { ObjectPath } from '../model/index.ts';
import type { SchemaNode } from './bundle.ts';

/** Resolves a local `#/$defs/<name>` reference against the kind's root schema. */
export function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 8; hops++) {
    const name = current.$ref.replace('#/$defs/', '');
    const target = root.$defs?.[name];
    if (!target) return undefined;
    // A description next to the $ref is more specific than the definition's.
    current = current.description ? { ...target, description: current.description } : target;
  }
  return current;
}

/** The schema of the value at `path` inside an object of the kind; undefined when the schema does not say. */
export function schemaAtPath(root: SchemaNode, path: ObjectPath): SchemaNode | undefined {
  let node = resolve(root, root);
  for (const segment of path) {
    if (!node) return undefined;
    node = resolve(root, childSchema(node, segment));
  }
  return node;
}

/** The schema of one child (property, list item or map value) of a node. */
export function childSchema(node: SchemaNode, segment: string | number): SchemaNode | undefined {
  if (typeof segment === 'number') return node.items;
  const property = node.properties?.[segment];
  if (property) return property;
  if (typeof node.additionalProperties === 'object') return node.additionalProperties;
  return undefined;
}

/** The listed properties of an object schema (empty for maps and scalars). */
export function propertiesOf(root: SchemaNode, node: SchemaNode | undefined): Readonly<Record<string, SchemaNode>> {
  return resolve(root, node)?.properties ?? {};
}

/** The JSON Schema type names of a node (without 'null'). */
export function typesOf(node: SchemaNode | undefined): string[] {
  if (!node?.type) return [];
  const types = Array.isArray(node.type) ? node.type : [node.type as string];
  return types.filter((type) => type !== 'null');
}

/** Short type text for docs: "string", "integer or string", "list of object", "map of string → string", "duration". */
export function typeLabel(root: SchemaNode, node: SchemaNode | undefined, depth = 0): string {
  const resolved = resolve(root, node);
  if (!resolved) return 'any';
  if (resolved['x-mw-format'] === 'duration') return 'duration';
  if (resolved['x-mw-port']) return 'port number';
  if (resolved['x-mw-format'] === 'quantity') return 'quantity';
  const types = typesOf(resolved);
  if (types.includes('array')) return depth > 1 ? 'list' : `list of ${typeLabel(root, resolved.items, depth + 1)}`;
  if (types.includes('object') && !resolved.properties && typeof resolved.additionalProperties === 'object') {
    return depth > 1 ? 'map' : `map of string to ${typeLabel(root, resolved.additionalProperties, depth + 1)}`;
  }
  if (types.length === 0) return resolved.properties ? 'object' : 'any';
  return types.join(' or ');
}
