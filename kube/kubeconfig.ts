// Purpose: read kubeconfig files (explicit paths, else KUBECONFIG, else ~/.kube/config) with
// @kubernetes/client-node's parser and turn the chosen context into plain connection settings.
// Credentials stay inside `ConnectionSettings` and are never put into messages.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cluster, User } from '@kubernetes/client-node';

export type ContextSummary = {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
};

export type KubeconfigSummary = {
  files: string[];
  currentContext?: string;
  contexts: ContextSummary[];
};

export type ExecConfig = {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
  interactiveMode?: string;
};

/** Everything needed to talk to one API server as one user. Holds secrets: never log it. */
export type ConnectionSettings = {
  contextName: string;
  server: string;
  namespace?: string;
  userName: string;
  skipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  username?: string;
  password?: string;
  impersonateUser?: string;
  exec?: ExecConfig;
  /** auth-provider users (oidc, legacy cloud providers) are handled by client-node itself. */
  authProvider?: unknown;
  /** The loaded client-node KubeConfig, for auth providers only. */
  loaded: unknown;
};

export class KubeconfigError extends Error {}

/** Which kubeconfig files would be read, in kubectl's order of precedence. Reads nothing. */
export function kubeconfigFiles(explicit?: string[]): string[] {
  if (explicit && explicit.length > 0) return explicit;
  const fromEnv = process.env.KUBECONFIG;
  if (fromEnv) return fromEnv.split(path.delimiter).filter((entry) => entry.length > 0);
  return [path.join(os.homedir(), '.kube', 'config')];
}

type LoadedKubeConfig = import('@kubernetes/client-node').KubeConfig;

async function loadKubeConfig(files: string[]): Promise<LoadedKubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const existing = files.filter((file) => fs.existsSync(file));
  if (existing.length === 0) {
    throw new KubeconfigError(
      `No kubeconfig found (looked at ${files.join(', ')}). Set KUBECONFIG or the "meshwright.kube.kubeconfig" setting, or create ~/.kube/config.`,
    );
  }
  let merged: LoadedKubeConfig | undefined;
  for (const file of existing) {
    const config = new KubeConfig();
    try {
      config.loadFromString(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new KubeconfigError(`The kubeconfig ${file} could not be parsed: ${(error as Error).message.split('\n')[0]}`);
    }
    config.makePathsAbsolute(path.dirname(file));
    if (!merged) merged = config;
    else merged.mergeConfig(config, true);
  }
  return merged!;
}

export async function summarizeKubeconfig(explicit?: string[]): Promise<KubeconfigSummary> {
  const files = kubeconfigFiles(explicit);
  const config = await loadKubeConfig(files);
  return {
    files,
    currentContext: config.getCurrentContext() || undefined,
    contexts: config.getContexts().map((context) => ({
      name: context.name,
      cluster: context.cluster,
      user: context.user,
      namespace: context.namespace,
      server: config.getCluster(context.cluster)?.server,
    })),
  };
}

function readMaybeFile(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return fs.readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

/** Resolve a context (default: the current one) into connection settings. */
export async function resolveConnection(explicit: string[] | undefined, contextName?: string): Promise<ConnectionSettings> {
  const config = await loadKubeConfig(kubeconfigFiles(explicit));
  const name = contextName || config.getCurrentContext();
  if (!name) throw new KubeconfigError('The kubeconfig has no current context. Choose one with "Meshwright: Switch Kube Context" or --context.');
  const context = config.getContextObject(name);
  if (!context) throw new KubeconfigError(`The kubeconfig has no context named "${name}".`);
  const cluster: Cluster | null = config.getCluster(context.cluster);
  if (!cluster || !cluster.server) throw new KubeconfigError(`Context "${name}" refers to cluster "${context.cluster}", which has no server address.`);
  const user: User | null = config.getUser(context.user);
  const userFields = (user ?? {}) as User & { certFile?: string; keyFile?: string; tokenFile?: string };
  const clusterFields = cluster as Cluster & { caFile?: string };
  let token = userFields.token;
  if (!token && userFields.tokenFile) token = fs.readFileSync(userFields.tokenFile, 'utf8').trim();
  const exec = userFields.exec as { command?: string; args?: string[]; env?: { name: string; value: string }[]; apiVersion?: string; interactiveMode?: string } | undefined;
  return {
    contextName: name,
    server: cluster.server.replace(/\/+$/, ''),
    namespace: context.namespace,
    userName: context.user,
    skipTlsVerify: cluster.skipTLSVerify === true,
    tlsServerName: cluster.tlsServerName,
    proxyUrl: cluster.proxyUrl,
    ca: readMaybeFile(clusterFields.caFile, cluster.caData),
    cert: readMaybeFile(userFields.certFile, userFields.certData),
    key: readMaybeFile(userFields.keyFile, userFields.keyData),
    token,
    username: userFields.username,
    password: userFields.password,
    impersonateUser: userFields.impersonateUser,
    exec: exec?.command
      ? {
          command: exec.command,
          args: exec.args ?? [],
          env: exec.env ?? [],
          apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
          interactiveMode: exec.interactiveMode,
        }
      : undefined,
    authProvider: userFields.authProvider,
    loaded: config,
  };
}
