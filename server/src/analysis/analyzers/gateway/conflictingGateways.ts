// IST0145: Gateways with the same selector must not declare the same host on the same port and bind address.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, isRecord, records, relatedTo, str, strings } from '../../analyzerKit.ts';
import { pushTo, specOf, stringMap } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

/** Kubernetes' canonical selector string: sorted `k=v` pairs joined by commas. */
export function selectorString(selector: Record<string, string>): string {
  return Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');
}

/** What the Gateways declare: `selector~port` → gateway → host → bind (a later server's bind wins). */
export function hostsBySelectorAndPort(gateways: readonly Resource[]): Map<string, Map<Resource, Map<string, string>>> {
  const known = new Map<string, Map<Resource, Map<string, string>>>();
  for (const gw of gateways) {
    const selector = selectorString(stringMap(specOf(gw).selector));
    for (const server of records(specOf(gw).servers)) {
      const port = isRecord(server.port) ? String(server.port.number) : 'undefined';
      const key = `${selector}~${port}`;
      const byGateway = known.get(key) ?? new Map<Resource, Map<string, string>>();
      const hosts = byGateway.get(gw) ?? new Map<string, string>();
      for (const host of strings(server.hosts)) hosts.set(host, str(server.bind) ?? '');
      byGateway.set(gw, hosts);
      known.set(key, byGateway);
    }
  }
  return known;
}

export const conflictingGateways: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/conflictingGateways',
  description: 'Gateways with the same selector must not declare the same host on the same port.',
  codes: ['IST0145'],
  inputs: ['Gateway'],
  analyze(context) {
    const gateways = [...context.index.istioGateways().values()];
    const known = hostsBySelectorAndPort(gateways);
    // The same, inverted: selector~port → host + bind → gateways (in order), so each server looks up its hosts
    // instead of scanning every Gateway of its selector and port.
    const order = new Map(gateways.map((gw, i) => [gw, i]));
    const declaring = new Map<string, Map<string, Resource[]>>();
    for (const [key, byGateway] of known) {
      const byHost = new Map<string, Resource[]>();
      for (const [gw, hosts] of byGateway) {
        for (const [host, bind] of hosts) pushTo(byHost, `${host}\u0000${bind}`, gw);
      }
      declaring.set(key, byHost);
    }
    for (const gw of gateways) {
      const selector = selectorString(stringMap(specOf(gw).selector));
      records(specOf(gw).servers).forEach((server, i) => {
        const port = isRecord(server.port) ? String(server.port.number) : 'undefined';
        const bind = str(server.bind) ?? '';
        const byHost = declaring.get(`${selector}~${port}`);
        const found = new Set<Resource>();
        for (const host of strings(server.hosts)) for (const other of byHost?.get(`${host}\u0000${bind}`) ?? []) if (other !== gw) found.add(other);
        if (found.size === 0) return;
        const conflicts = [...found].sort((a, b) => order.get(a)! - order.get(b)!);
        const names = conflicts.map(fullName).sort().join(',');
        context.report(
          findingOn(gw, 'IST0145', ['spec', 'servers', i, 'hosts'], `This server conflicts with Gateway(s) ${names}: same workload selector (${selector || 'none'}), port ${port} and hosts [${strings(server.hosts).join(', ')}]. Only one of them takes effect; merge the servers into one Gateway or use distinct hosts.`, {
            on: 'key',
            related: conflicts.map((o) => relatedTo(o, ['spec', 'servers'], `${fullName(o)} declares the same host and port`)),
          }),
        );
      });
    }
  },
};
