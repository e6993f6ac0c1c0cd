// MW0322/MW0323/MW0324 (Kiali KIA1501/KIA1502/KIA1503): Kubernetes Gateways must not share a listener
// hostname+port or an address with another Gateway, and listeners within one Gateway must be unique in
// (hostname, port, protocol).
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, relatedTo, records, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

export const listeners: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'kubernetesGateway/listeners',
  description: 'Kubernetes Gateway listeners and addresses are unique within and across Gateways.',
  codes: ['MW0322', 'MW0323', 'MW0324'],
  inputs: ['Gateway'],
  analyze(context) {
    const gateways = [...context.index.kubernetesGateways().values()];
    const listenerKeys = new Map<string, { gw: Resource; index: number }[]>();
    const addressKeys = new Map<string, { gw: Resource; index: number }[]>();
    for (const gw of gateways) {
      const spec = specOf(gw);
      const within = new Map<string, number>();
      records(spec.listeners).forEach((listener, i) => {
        const hostname = str(listener.hostname) ?? '*';
        const port = String(listener.port ?? '');
        const protocol = str(listener.protocol) ?? '';
        const inner = `${hostname}|${port}|${protocol}`;
        const first = within.get(inner);
        if (first !== undefined) {
          context.report(findingOn(gw, 'MW0324', ['spec', 'listeners', i], `Listener ${i} repeats listener ${first} (hostname ${hostname}, port ${port}, protocol ${protocol}); listeners of a Gateway must be distinct. Change the hostname or port, or remove one.`, { on: 'key' }));
        } else within.set(inner, i);
        const key = `${hostname}|${port}`;
        listenerKeys.set(key, [...(listenerKeys.get(key) ?? []).filter((e) => e.gw !== gw), { gw, index: i }]);
      });
      records(spec.addresses).forEach((address, i) => {
        const key = `${str(address.type) ?? 'IPAddress'}|${str(address.value) ?? ''}`;
        addressKeys.set(key, [...(addressKeys.get(key) ?? []), { gw, index: i }]);
      });
    }
    for (const [key, list] of listenerKeys) {
      if (list.length < 2) continue;
      const [hostname, port] = key.split('|');
      for (const e of list) {
        const others = list.filter((o) => o.gw !== e.gw);
        context.report(findingOn(e.gw, 'MW0322', ['spec', 'listeners', e.index], `Gateways ${list.map((x) => fullName(x.gw)).join(', ')} all listen for hostname ${hostname} on port ${port}; only one can accept the traffic. Use distinct hostnames or ports.`, {
          on: 'key',
          related: others.map((o) => relatedTo(o.gw, ['spec', 'listeners', o.index], `${fullName(o.gw)} listener`)),
        }));
      }
    }
    for (const [key, list] of addressKeys) {
      const distinct = [...new Set(list.map((e) => e.gw))];
      if (distinct.length < 2) continue;
      for (const e of list) {
        context.report(findingOn(e.gw, 'MW0323', ['spec', 'addresses', e.index], `Address ${key.replace('|', ' ')} is also requested by ${distinct.filter((g) => g !== e.gw).map(fullName).join(', ')}; two Gateways cannot share an address. Use different addresses.`, {
          on: 'key',
          related: list.filter((o) => o.gw !== e.gw).map((o) => relatedTo(o.gw, ['spec', 'addresses', o.index], 'same address')),
        }));
      }
    }
  },
};
