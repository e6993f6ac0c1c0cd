// Purpose: run a kubeconfig exec credential plugin with a time limit, cancellation and a kill on give-up,
// parse its ExecCredential, cache it until it expires, and never let its output leak into messages.
// client-node's own exec support has no timeout, so Meshwright runs plugins itself.

import childProcess from 'node:child_process';
import type { ExecConfig } from './kubeconfig.ts';
import { redactFreeText } from './redact.ts';

export type ExecCredential = {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expiresAt?: number;
};

export class ExecCredentialError extends Error {
  readonly timedOut: boolean;
  constructor(message: string, timedOut = false) {
    super(message);
    this.timedOut = timedOut;
  }
}

const cache = new Map<string, ExecCredential>();

function cacheKey(server: string, userName: string, exec: ExecConfig): string {
  return JSON.stringify([server, userName, exec.command, exec.args, exec.env]);
}

/** Forget cached plugin credentials (after a 401, or in tests). */
export function clearExecCredentialCache(): void {
  cache.clear();
}

export async function execCredential(
  server: string,
  userName: string,
  exec: ExecConfig,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ExecCredential> {
  const key = cacheKey(server, userName, exec);
  const cached = cache.get(key);
  if (cached && (cached.expiresAt === undefined || cached.expiresAt - Date.now() > 10_000)) return cached;
  const credential = await runPlugin(server, userName, exec, timeoutMs, signal);
  cache.set(key, credential);
  return credential;
}

function runPlugin(server: string, userName: string, exec: ExecConfig, timeoutMs: number, signal?: AbortSignal): Promise<ExecCredential> {
  const label = `The credential plugin "${exec.command}" for user "${userName}"`;
  if (signal?.aborted) return Promise.reject(new ExecCredentialError(`${label} was not started: the operation was cancelled.`));
  if (exec.interactiveMode === 'Always') {
    return Promise.reject(new ExecCredentialError(`${label} needs an interactive terminal (interactiveMode: Always); run a kubectl command in a terminal to sign in first.`));
  }
  const execInfo = {
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, cluster: { server } },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(execInfo) };
  for (const entry of exec.env) env[entry.name] = entry.value;
  return new Promise((resolve, reject) => {
    let settled = false;
    let child: childProcess.ChildProcess;
    try {
      // detached: the plugin gets its own process group so that a give-up kills its children too.
      child = childProcess.spawn(exec.command, exec.args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    } catch (error) {
      reject(new ExecCredentialError(`${label} could not be started: ${(error as Error).message}`));
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.reduce((sum, part) => sum + part.length, 0) < 64 * 1024) stderr.push(chunk);
    });
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already exited
      }
    };
    const finish = (error: ExecCredentialError | undefined, value?: ExecCredential) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value!);
    };
    const timer = setTimeout(() => {
      kill();
      finish(
        new ExecCredentialError(
          `${label} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped. If it waits for a browser sign-in, finish that or raise "meshwright.kube.execTimeoutSeconds".`,
          true,
        ),
      );
    }, timeoutMs);
    const onAbort = () => {
      kill();
      finish(new ExecCredentialError(`${label} was stopped: the operation was cancelled.`));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => finish(new ExecCredentialError(`${label} could not be started: ${error.message}`)));
    child.on('close', (code) => {
      if (code !== 0) {
        const detail = redactFreeText(Buffer.concat(stderr).toString('utf8')).trim().split('\n').slice(0, 3).join(' ');
        finish(new ExecCredentialError(`${label} failed with exit code ${code}${detail ? `: ${detail}` : '.'}`));
        return;
      }
      try {
        finish(undefined, parseCredential(Buffer.concat(stdout).toString('utf8')));
      } catch {
        finish(new ExecCredentialError(`${label} printed something that is not a valid ExecCredential (JSON with status.token or a client certificate).`));
      }
    });
  });
}

function parseCredential(text: string): ExecCredential {
  const parsed = JSON.parse(text) as { status?: { token?: string; clientCertificateData?: string; clientKeyData?: string; expirationTimestamp?: string } };
  const status = parsed.status;
  if (!status || (!status.token && !(status.clientCertificateData && status.clientKeyData))) throw new Error('no credential');
  const expiresAt = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : undefined;
  return {
    token: status.token,
    clientCertificateData: status.clientCertificateData,
    clientKeyData: status.clientKeyData,
    expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt,
  };
}
