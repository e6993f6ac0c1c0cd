// TLS and TCP routes of a VirtualService for the request simulator: first route wins, a route matches when
// any of its match blocks does (or it has none), and a block needs all of its conditions — `sniHosts` (TLS,
// wildcards allowed), `destinationSubnets` (CIDRs against the request's destination IP), `port`,
// `sourceLabels`, `sourceNamespace` and `gateways`.
import type { Resource } from '../model/types.ts';
import { DEFAULT_NAMESPACE, namespaceOf } from '../analysis/workspaceIndex.ts';
import { asArray, asRecord, hostCandidates, hostMatchScore, labelsMatch, normalizeGatewayRef, qualifyHost, specOf } from './meshNames.ts';
import { cidrContains, sameGateway, type SimulatedRequest } from './simulateShared.ts';

export interface L4RouteHit {
  index: number;
  route: Record<string, unknown>;
}

/** The first `tls:` or `tcp:` route of the VirtualService that the request matches. */
export function findL4Route(vs: Resource, request: SimulatedRequest, protocol: 'tls' | 'tcp', gateway: string, notes: string[]): L4RouteHit | undefined {
  const routes = asArray(specOf(vs)[protocol]);
  for (let index = 0; index < routes.length; index++) {
    const route = asRecord(routes[index]);
    if (!route) continue;
    const matches = asArray(route.match).map(asRecord).filter((m): m is Record<string, unknown> => !!m);
    if (matches.length === 0 || matches.some((match) => l4MatchApplies(match, vs, request, protocol, gateway, notes))) return { index, route };
  }
  return undefined;
}

/** One TLS or TCP match block: every condition written in it must hold. */
export function l4MatchApplies(
  match: Record<string, unknown>, vs: Resource, request: SimulatedRequest, protocol: 'tls' | 'tcp', gateway: string, notes: string[],
): boolean {
  const strings = (value: unknown) => asArray(value).filter((v): v is string => typeof v === 'string');
  if (typeof match.port === 'number' && request.port !== match.port) return false;
  if (protocol === 'tls') {
    const sniHosts = strings(match.sniHosts);
    const names = hostCandidates(request.sni ?? request.host, request.sourceNamespace ?? DEFAULT_NAMESPACE);
    const covered = (written: string) => [written.toLowerCase(), qualifyHost(written, namespaceOf(vs))].some((pattern) => names.some((name) => hostMatchScore(pattern, name) >= 0));
    if (sniHosts.length && !sniHosts.some(covered)) return false;
  }
  const subnets = strings(match.destinationSubnets);
  if (subnets.length) {
    if (request.destinationIp === undefined) {
      const note = 'a match needs destinationSubnets but the request has no destination IP (--destination-ip)';
      if (!notes.includes(note)) notes.push(note);
      return false;
    }
    if (!subnets.some((cidr) => cidrContains(cidr, request.destinationIp!))) return false;
  }
  const sourceLabels = asRecord(match.sourceLabels);
  if (sourceLabels && !labelsMatch(sourceLabels, request.sourceLabels)) return false;
  if (typeof match.sourceNamespace === 'string' && match.sourceNamespace !== (request.sourceNamespace ?? DEFAULT_NAMESPACE)) return false;
  const gateways = strings(match.gateways);
  if (gateways.length && !gateways.some((g) => sameGateway(normalizeGatewayRef(g, namespaceOf(vs)), gateway))) return false;
  return true;
}
