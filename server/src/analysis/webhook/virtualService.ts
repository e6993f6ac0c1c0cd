// Helpers for VirtualService checks: route iteration, gateway binding and host matching.
import type { ObjectPath } from '../../model/types.ts';
import { asArray, isObject } from './values.ts';

export interface RouteAt {
  readonly route: Record<string, unknown>;
  readonly path: ObjectPath;
}

/** Routes of one section ('http' | 'tcp' | 'tls') that are objects. */
export function routesOf(spec: Record<string, unknown>, section: 'http' | 'tcp' | 'tls'): RouteAt[] {
  const routes: RouteAt[] = [];
  asArray(spec[section]).forEach((route, index) => {
    if (isObject(route)) routes.push({ route, path: ['spec', section, index] });
  });
  return routes;
}

/** Matches of a route that are objects. */
export function matchesOf(route: RouteAt): RouteAt[] {
  const matches: RouteAt[] = [];
  asArray(route.route.match).forEach((match, index) => {
    if (isObject(match)) matches.push({ route: match, path: [...route.path, 'match', index] });
  });
  return matches;
}

/** The VS gateways list, with Istio's default (the mesh) when empty. */
export function gatewaysOf(spec: Record<string, unknown>): string[] {
  const gateways = asArray(spec.gateways).filter((gateway): gateway is string => typeof gateway === 'string');
  return gateways.length === 0 ? ['mesh'] : gateways;
}
/** Istio's reading: bound to gateways only when gateways are listed and none of them is `mesh`. */
export function appliesToGateway(spec: Record<string, unknown>): boolean {
  return !gatewaysOf(spec).includes('mesh');
}
export function appliesToMesh(spec: Record<string, unknown>): boolean {
  return !appliesToGateway(spec);
}

/** Istio's host.Name.Matches: equal, or one wildcard host covers the other. */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const covers = (wild: string, other: string) => {
    if (!wild.startsWith('*')) return false;
    const suffix = wild.slice(1);
    if (other.startsWith('*')) return other.slice(1).endsWith(suffix);
    return other.endsWith(suffix);
  };
  return covers(a, b) || covers(b, a);
}
