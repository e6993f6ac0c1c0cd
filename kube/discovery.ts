// Purpose: find the REST resource (plural name, scope) for an apiVersion + kind by asking the API server's
// discovery endpoint for that group/version only, cached per client. "Not served" is an answer, not an error.

import type { KubeClient } from './transport.ts';

export type ResourceInfo = {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
};

type ApiResourceList = { resources?: { name: string; kind: string; namespaced: boolean }[] };

export class Discovery {
  private readonly client: KubeClient;
  private readonly cache = new Map<string, Promise<ApiResourceList | null>>();

  constructor(client: KubeClient) {
    this.client = client;
  }

  /** Drop cached answers, e.g. after CRDs were created. */
  forget(): void {
    this.cache.clear();
  }

  /** Resolve a kind; `null` when the cluster does not serve it. Throws TransportError / Error on failures. */
  async resolve(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResourceInfo | null> {
    const list = await this.groupVersion(apiVersion, signal);
    const entry = list?.resources?.find((resource) => resource.kind === kind && !resource.name.includes('/'));
    if (!entry) return null;
    const [group, version] = splitApiVersion(apiVersion);
    return { group, version, resource: entry.name, namespaced: entry.namespaced };
  }

  private groupVersion(apiVersion: string, signal?: AbortSignal): Promise<ApiResourceList | null> {
    let pending = this.cache.get(apiVersion);
    if (!pending) {
      pending = this.fetchGroupVersion(apiVersion, signal);
      this.cache.set(apiVersion, pending);
      pending.catch(() => this.cache.delete(apiVersion));
    }
    return pending;
  }

  private async fetchGroupVersion(apiVersion: string, signal?: AbortSignal): Promise<ApiResourceList | null> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const response = await this.client.request('GET', path, { signal });
    if (response.status === 404) return null;
    if (response.status === 401) {
      throw new DiscoveryError(`The API server of ${this.client.where} rejected the credentials (401 Unauthorized).`, 401);
    }
    if (response.status !== 200) {
      throw new DiscoveryError(`Discovery of ${apiVersion} in ${this.client.where} failed with HTTP ${response.status}.`, response.status);
    }
    return response.json as ApiResourceList;
  }
}

export class DiscoveryError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** The REST path of one object (or of its collection when `name` is omitted). */
export function objectPath(info: ResourceInfo, namespace: string | undefined, name?: string): string {
  const prefix = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const scope = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${scope}/${info.resource}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
