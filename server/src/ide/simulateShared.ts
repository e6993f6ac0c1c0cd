// Types and small helpers shared by the request simulator's parts (VirtualService HTTP, TLS/TCP, Gateway API,
// visibility): the simulator's request and answer (the webview protocol's types), Istio StringMatch and
// RE2 evaluation, gateway reference comparison, and CIDR membership for destinationSubnets.
import type { Resource } from '../model/types.ts';
import type { RouteDestination, SimulatedParent, SimulatedRequest, SimulationResult, RequestProtocol } from '../../../protocol/webview.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { MESH_GATEWAY, resourceRef } from './meshNames.ts';

// The request and the answer (VirtualService http/tls/tcp and Gateway API fields) are the webview protocol's.
export type { RouteDestination, SimulatedParent, SimulatedRequest, SimulationResult, RequestProtocol };

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** `mesh`, or the gateway reference as given. */
export function requestGateway(gateway: string | undefined): string {
  if (!gateway || gateway.trim() === MESH_GATEWAY) return MESH_GATEWAY;
  return gateway.trim();
}

/** Gateway refs compare as `ns/name`; a bare name in the request matches a gateway of any namespace. */
export function sameGateway(configRef: string, requested: string): boolean {
  if (configRef === requested) return true;
  if (!requested.includes('/') && requested !== MESH_GATEWAY) return configRef.endsWith(`/${requested}`);
  return false;
}

/** Istio (networking.istio.io) Gateways named by the request. */
export function istioGatewaysNamed(index: WorkspaceIndex, gateway: string): Resource[] {
  if (gateway === MESH_GATEWAY) return [];
  return index.resources('Gateway').filter((g) => g.group !== GATEWAY_API_GROUP && sameGateway(resourceRef(g), gateway));
}

/** Kubernetes Gateway API Gateways named by the request. */
export function gatewayApiGatewaysNamed(index: WorkspaceIndex, gateway: string): Resource[] {
  if (gateway === MESH_GATEWAY) return [];
  return index.resources('Gateway').filter((g) => g.group === GATEWAY_API_GROUP && sameGateway(resourceRef(g), gateway));
}

/** The protocol a request uses: explicit, else `tls` when an SNI is given, else `http`. */
export function requestProtocol(request: SimulatedRequest): RequestProtocol {
  if (request.protocol) return request.protocol;
  return request.sni !== undefined ? 'tls' : 'http';
}

/** Istio StringMatch: exact, prefix or regex (RE2, whole string). An empty condition only requires presence. */
export function stringMatches(condition: Record<string, unknown>, value: string, ignoreCase: boolean, notes: string[] = []): boolean {
  if (typeof condition.exact === 'string') {
    return ignoreCase ? value.toLowerCase() === condition.exact.toLowerCase() : value === condition.exact;
  }
  if (typeof condition.prefix === 'string') {
    return ignoreCase ? value.toLowerCase().startsWith(condition.prefix.toLowerCase()) : value.startsWith(condition.prefix);
  }
  if (typeof condition.regex === 'string') return regexMatches(condition.regex, value, notes);
  return true;
}

/** Whole-value RE2 match; an invalid pattern matches nothing and leaves a note. */
export function regexMatches(pattern: string, value: string, notes: string[]): boolean {
  const regex = compileRe2(pattern);
  if (!regex) {
    const note = `regex ${JSON.stringify(pattern)} is not valid RE2; it matches nothing`;
    if (!notes.includes(note)) notes.push(note);
    return false;
  }
  return regex.test(value);
}

const regexCache = new Map<string, RegExp | null>();

/**
 * Compiles an RE2 pattern as a JavaScript RegExp anchored at both ends (Envoy's safe_regex matches the whole
 * value). RE2 features JavaScript lacks the other way round (lookaround, backreferences) are refused.
 */
export function compileRe2(pattern: string): RegExp | undefined {
  if (regexCache.has(pattern)) return regexCache.get(pattern) ?? undefined;
  let source = pattern;
  let flags = '';
  const inlineFlags = /^\(\?([ims]+)\)/.exec(source);
  if (inlineFlags) {
    source = source.slice(inlineFlags[0].length);
    for (const flag of inlineFlags[1]!) if (!flags.includes(flag)) flags += flag;
  }
  let compiled: RegExp | null = null;
  if (!/\(\?[=!<]|\\[1-9]|\\k</.test(source)) {
    try {
      compiled = new RegExp(`^(?:${source})$`, flags);
    } catch {
      compiled = null;
    }
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(pattern, compiled);
  return compiled ?? undefined;
}

/** The path without its query, and the query parameters (from the path and from `request.query`). */
export function splitPath(request: SimulatedRequest): { path: string; query: Record<string, string> } {
  const raw = request.path ?? '/';
  const question = raw.indexOf('?');
  const path = question >= 0 ? raw.slice(0, question) : raw;
  const query: Record<string, string> = {};
  if (question >= 0) {
    for (const part of raw.slice(question + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      query[safeDecode(eq >= 0 ? part.slice(0, eq) : part)] = safeDecode(eq >= 0 ? part.slice(eq + 1) : '');
    }
  }
  Object.assign(query, request.query ?? {});
  return { path, query };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function lowerKeys(record: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key.toLowerCase()] = value;
  return out;
}

// ---- CIDR membership (destinationSubnets) ----

/** An IPv4 or IPv6 address as a big integer with its bit width, or undefined when it is not an address. */
export function parseIp(text: string): { bits: 32 | 128; value: bigint } | undefined {
  const address = text.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    let value = 0n;
    for (let i = 1; i <= 4; i++) {
      const octet = Number(v4[i]);
      if (octet > 255) return undefined;
      value = (value << 8n) | BigInt(octet);
    }
    return { bits: 32, value };
  }
  if (!address.includes(':') || !/^[0-9a-fA-F:]+$/.test(address)) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return { bits: 128, value };
}

/** True when `ip` lies in `cidr` (a bare address counts as a full-length prefix); false for anything unparsable. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, lengthText] = cidr.trim().split('/');
  const network = parseIp(base ?? '');
  const address = parseIp(ip);
  if (!network || !address || network.bits !== address.bits) return false;
  const length = lengthText === undefined ? network.bits : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > network.bits) return false;
  const shift = BigInt(network.bits - length);
  return network.value >> shift === address.value >> shift;
}
