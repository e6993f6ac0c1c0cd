// Purpose: keep credentials and Secret values out of every message Meshwright produces.
// `SecretScrubber` removes known secret strings; `redactFreeText` masks anything that looks like a credential
// in text we do not control (an exec plugin's stderr).

import type { KubeObject } from './types.ts';

export const MASK = '***';

export class SecretScrubber {
  private readonly secrets = new Set<string>();

  add(value: string | Buffer | undefined | null): void {
    if (value === undefined || value === null) return;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
    for (const candidate of [text, text.trim()]) {
      if (candidate.length >= 4) this.secrets.add(candidate);
    }
    // PEM material: also scrub each base64 body line, in case a server echoes part of it.
    if (text.includes('-----BEGIN')) {
      for (const line of text.split('\n')) if (line.trim().length >= 16 && !line.includes('-----')) this.secrets.add(line.trim());
    }
  }

  /** Remember every value of a Secret object (both the base64 and the decoded form). */
  addSecretObject(object: KubeObject): void {
    if (!isSecret(object)) return;
    const data = object.data;
    if (data && typeof data === 'object') {
      for (const value of Object.values(data as Record<string, unknown>)) {
        if (typeof value !== 'string') continue;
        this.add(value);
        this.add(Buffer.from(value, 'base64').toString('utf8'));
      }
    }
    const stringData = object.stringData;
    if (stringData && typeof stringData === 'object') {
      for (const value of Object.values(stringData as Record<string, unknown>)) {
        if (typeof value !== 'string') continue;
        this.add(value);
        this.add(Buffer.from(value, 'utf8').toString('base64'));
      }
    }
  }

  scrub(text: string): string {
    let result = text;
    // Longest first so that a secret containing another secret is removed whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    return result;
  }
}

export function isSecret(object: KubeObject | undefined): boolean {
  return !!object && object.kind === 'Secret' && (object.apiVersion === 'v1' || object.apiVersion === undefined);
}

/** Mask credential-looking material in free text: PEM blocks, bearer tokens, JWTs and long opaque strings. */
export function redactFreeText(text: string): string {
  return text
    .replace(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g, MASK)
    .replace(/(bearer|token|password|secret|key)(["'\s:=]+)[^\s"',]+/gi, `$1$2${MASK}`)
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, MASK)
    .replace(/[A-Za-z0-9+/_=-]{32,}/g, MASK);
}
