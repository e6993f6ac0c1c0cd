// The workspace index: every resource of every file, looked up by kind, namespace and name.
// Analyzers query it; richer lookups (hosts, subsets, selectors, gateways) are added here as needed.
import type { Resource } from '../model/types.ts';

/** The namespace a namespaced resource lives in when metadata.namespace is omitted. */
export const DEFAULT_NAMESPACE = 'default';

export class WorkspaceIndex {
  private readonly files = new Map<string, readonly Resource[]>();
  private byKindCache: Map<string, Resource[]> | undefined;

  /** Replaces the resources of one file. */
  setFile(uri: string, resources: readonly Resource[]): void {
    if (resources.length === 0) this.files.delete(uri);
    else this.files.set(uri, resources);
    this.byKindCache = undefined;
  }

  removeFile(uri: string): void {
    this.files.delete(uri);
    this.byKindCache = undefined;
  }

  /** All resources, or those of one kind, in a stable order (file, then document). */
  resources(kind?: string): readonly Resource[] {
    if (!this.byKindCache) {
      this.byKindCache = new Map();
      for (const uri of [...this.files.keys()].sort()) {
        for (const resource of this.files.get(uri)!) {
          let list = this.byKindCache.get(resource.kind);
          if (!list) this.byKindCache.set(resource.kind, (list = []));
          list.push(resource);
        }
      }
    }
    if (kind === undefined) return [...this.byKindCache.values()].flat();
    return this.byKindCache.get(kind) ?? [];
  }

  /** Finds a resource by kind, namespace and name (namespace defaulted like kubectl). */
  find(kind: string, namespace: string, name: string): Resource | undefined {
    return this.resources(kind).find((r) => r.name === name && namespaceOf(r) === namespace);
  }
}

/** The effective namespace of a resource (metadata.namespace, else 'default'). */
export function namespaceOf(resource: Resource): string {
  return resource.namespace ?? DEFAULT_NAMESPACE;
}
