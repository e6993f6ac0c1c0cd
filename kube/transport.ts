// Purpose: a small HTTPS client for the Kubernetes API that sends exactly the bytes we give it.
// client-node's typed serializer drops unknown fields on built-in kinds, so Meshwright talks to the API server
// itself with the kubeconfig's TLS settings and credentials, a keep-alive agent, per-request time limits and
// cancellation. TLS verification stays on unless the kubeconfig says insecure-skip-tls-verify.

import http from 'node:http';
import https from 'node:https';
import { execCredential, ExecCredentialError, clearExecCredentialCache } from './exec-credentials.ts';
import type { ConnectionSettings } from './kubeconfig.ts';
import { SecretScrubber } from './redact.ts';

export type TransportFailureKind = 'timeout' | 'cancelled' | 'unreachable' | 'tls' | 'credentials';

export class TransportError extends Error {
  readonly kind: TransportFailureKind;
  constructor(kind: TransportFailureKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

export type KubeResponse = {
  status: number;
  /** The Retry-After header in seconds, when present. */
  retryAfterSeconds?: number;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
};

export type RequestOptions = {
  query?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
};

export type ClientOptions = {
  requestTimeoutMs?: number;
  execTimeoutMs?: number;
  concurrency?: number;
  scrubber?: SecretScrubber;
};

const TLS_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE']);

const MAX_RETRIES = 5;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TransportError('cancelled', 'The operation was cancelled.'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TransportError('cancelled', 'The operation was cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class KubeClient {
  readonly settings: ConnectionSettings;
  readonly scrubber: SecretScrubber;
  private readonly requestTimeoutMs: number;
  private readonly execTimeoutMs: number;
  private readonly concurrency: number;
  private agent: https.Agent | http.Agent | undefined;
  private authorization: string | undefined;
  private readonly url: URL;

  constructor(settings: ConnectionSettings, options: ClientOptions = {}) {
    this.settings = settings;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.execTimeoutMs = options.execTimeoutMs ?? 120_000;
    this.concurrency = options.concurrency ?? 8;
    this.scrubber = options.scrubber ?? new SecretScrubber();
    for (const secret of [settings.token, settings.password, settings.key, settings.cert]) this.scrubber.add(secret);
    try {
      this.url = new URL(settings.server);
    } catch {
      throw new TransportError('unreachable', `The server address of context "${settings.contextName}" is not a valid URL.`);
    }
  }

  /** A label for messages: context name and server address, never credentials. */
  get where(): string {
    return `context "${this.settings.contextName}" (${this.settings.server})`;
  }

  /** Obtain credentials (running an exec plugin if configured) and build the connection agent. */
  async prepare(signal?: AbortSignal): Promise<void> {
    if (this.agent) return;
    const settings = this.settings;
    if (settings.proxyUrl) {
      throw new TransportError('unreachable', `Context "${settings.contextName}" uses proxy-url, which Meshwright does not support yet.`);
    }
    let cert = settings.cert;
    let key = settings.key;
    let authorization: string | undefined;
    if (settings.exec) {
      try {
        const credential = await execCredential(settings.server, settings.userName, settings.exec, this.execTimeoutMs, signal);
        this.scrubber.add(credential.token);
        this.scrubber.add(credential.clientKeyData);
        this.scrubber.add(credential.clientCertificateData);
        if (credential.token) authorization = `Bearer ${credential.token}`;
        if (credential.clientCertificateData && credential.clientKeyData) {
          cert = Buffer.from(credential.clientCertificateData, 'utf8');
          key = Buffer.from(credential.clientKeyData, 'utf8');
        }
      } catch (error) {
        if (error instanceof ExecCredentialError) throw new TransportError(signal?.aborted ? 'cancelled' : error.timedOut ? 'timeout' : 'credentials', error.message);
        throw error;
      }
    } else if (settings.token) {
      authorization = `Bearer ${settings.token}`;
    } else if (settings.username && settings.password) {
      authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    } else if (settings.authProvider) {
      authorization = await this.authProviderHeader(signal);
    }
    this.authorization = authorization;
    if (authorization) this.scrubber.add(authorization);
    if (this.url.protocol === 'http:') {
      if (!settings.skipTlsVerify) {
        throw new TransportError('tls', `Context "${settings.contextName}" uses plain http; Meshwright only talks https to API servers.`);
      }
      this.agent = new http.Agent({ keepAlive: true, maxSockets: this.concurrency });
      return;
    }
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: this.concurrency,
      ca: settings.ca,
      cert,
      key,
      servername: settings.tlsServerName,
      // Always explicit, so NODE_TLS_REJECT_UNAUTHORIZED in the environment cannot turn verification off.
      rejectUnauthorized: !settings.skipTlsVerify,
    });
  }

  private async authProviderHeader(signal?: AbortSignal): Promise<string | undefined> {
    const loaded = this.settings.loaded as import('@kubernetes/client-node').KubeConfig;
    const copy = new (await import('@kubernetes/client-node')).KubeConfig();
    copy.loadFromOptions({ clusters: loaded.clusters, users: loaded.users, contexts: loaded.contexts, currentContext: this.settings.contextName });
    const options: https.RequestOptions = {};
    const pending = copy.applyToHTTPSOptions(options);
    const timeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(
        () => reject(new TransportError('timeout', `The auth provider of user "${this.settings.userName}" did not answer within ${Math.round(this.execTimeoutMs / 1000)} s.`)),
        this.execTimeoutMs,
      );
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new TransportError('cancelled', 'Cancelled while waiting for the auth provider.'));
      });
      pending.finally(() => clearTimeout(timer)).catch(() => undefined);
    });
    try {
      await Promise.race([pending, timeout]);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      throw new TransportError('credentials', `The auth provider of user "${this.settings.userName}" failed: ${this.scrubber.scrub((error as Error).message)}`);
    }
    const header = (options.headers as Record<string, string> | undefined)?.Authorization;
    return header;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<KubeResponse> {
    await this.prepare(options.signal);
    let response = await this.send(method, path, options);
    if (response.status === 401 && this.settings.exec) {
      // The plugin's token may have expired early: ask the plugin again, once.
      clearExecCredentialCache();
      this.close();
      await this.prepare(options.signal);
      response = await this.send(method, path, options);
    }
    // Like client-go: retry 429 and 5xx only when the server says when (Retry-After), a bounded number of times.
    for (let attempt = 1; attempt <= MAX_RETRIES && response.retryAfterSeconds !== undefined && (response.status === 429 || response.status >= 500); attempt++) {
      const waitMs = Math.min(response.retryAfterSeconds, 10) * 1000 * (0.8 + Math.random() * 0.4);
      await sleep(waitMs, options.signal);
      response = await this.send(method, path, options);
    }
    return response;
  }

  private send(method: string, path: string, options: RequestOptions): Promise<KubeResponse> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) query.set(name, value);
    const basePath = this.url.pathname.replace(/\/+$/, '');
    const fullPath = `${basePath}${path}${query.size > 0 ? `?${query}` : ''}`;
    const timeoutSignal = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeoutSignal]) : timeoutSignal;
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json', 'user-agent': 'meshwright' };
    if (this.authorization) headers.authorization = this.authorization;
    if (this.settings.impersonateUser) headers['impersonate-user'] = this.settings.impersonateUser;
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const transport = this.url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(this.abortError(options.signal, timeoutSignal, method, path));
        return;
      }
      const request = transport.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port || (this.url.protocol === 'http:' ? 80 : 443),
          method,
          path: fullPath,
          headers,
          agent: this.agent,
          signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(this.networkError(error, options.signal, timeoutSignal, method, path)));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text.length > 0 ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            const retryAfter = Number(response.headers['retry-after']);
            resolve({ status: response.statusCode ?? 0, text, json, ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}) });
          });
        },
      );
      request.on('error', (error) => reject(this.networkError(error, options.signal, timeoutSignal, method, path)));
      if (options.body !== undefined) request.write(options.body);
      request.end();
    });
  }

  private abortError(caller: AbortSignal | undefined, timeout: AbortSignal, method: string, path: string): TransportError {
    if (caller?.aborted) return new TransportError('cancelled', 'The operation was cancelled.');
    void timeout;
    return new TransportError(
      'timeout',
      `The API server of ${this.where} did not answer ${method} ${path.split('?')[0]} within ${Math.round(this.requestTimeoutMs / 1000)} s.`,
    );
  }

  private networkError(error: Error & { code?: string }, caller: AbortSignal | undefined, timeout: AbortSignal, method: string, path: string): TransportError {
    if (caller?.aborted || timeout.aborted || error.name === 'AbortError') return this.abortError(caller, timeout, method, path);
    const code = error.code ?? '';
    if (TLS_ERROR_CODES.has(code) || /certificate|tls|ssl/i.test(error.message)) {
      return new TransportError(
        'tls',
        `TLS verification of the API server for ${this.where} failed (${code || 'TLS error'}). Check certificate-authority data in the kubeconfig.`,
      );
    }
    if (UNREACHABLE_CODES.has(code)) {
      return new TransportError('unreachable', `Cannot reach the API server of ${this.where}: ${code}. Is the cluster running and reachable?`);
    }
    return new TransportError('unreachable', `Request to the API server of ${this.where} failed: ${this.scrubber.scrub(error.message)}`);
  }

  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}
