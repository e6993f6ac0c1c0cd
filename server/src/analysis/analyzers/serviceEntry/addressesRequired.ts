// IST0134: a ServiceEntry without addresses needs them for TCP (or unset-protocol) ports unless mesh config
// turns on DNS capture with address auto-allocation.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

export const addressesRequired: ResourceAnalyzer = {
  scope: 'resource',
  name: 'serviceEntry/addressesRequired',
  description: 'ServiceEntries with TCP ports need addresses (or DNS auto-allocation).',
  codes: ['IST0134'],
  kinds: ['ServiceEntry'],
  inputs: ['ServiceEntry', 'MeshConfig'],
  check(se, context) {
    const spec = specOf(se);
    if (Array.isArray(spec.addresses) && spec.addresses.length > 0) return;
    const status = se.object.status;
    if (isRecord(status) && Array.isArray(status.addresses) && status.addresses.length > 0) return;
    if (context.meshConfig.dnsCapture && context.meshConfig.dnsAutoAllocate) return;
    records(spec.ports).forEach((port, i) => {
      const protocol = str(port.protocol) ?? '';
      if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
      context.report(findingOn(se, 'IST0134', ['spec', 'ports', i, port.protocol !== undefined ? 'protocol' : 'number'], `This ServiceEntry has no addresses, but port ${String(port.number ?? '?')} is ${protocol ? 'TCP' : 'of unset protocol (TCP)'}: TCP traffic can only be matched by address. Add spec.addresses, or enable DNS capture with address auto-allocation in mesh config.`));
    });
  },
};
