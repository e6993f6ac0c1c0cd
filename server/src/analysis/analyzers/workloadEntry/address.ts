// WorkloadEntry address (reference §3.6.1): required unless a network is set; unix:// absolute without ports;
// otherwise an IP or FQDN. Also used for the shape of WorkloadGroup templates.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { fqdnProblem, isIP, isSet, unixBindProblem } from '../../webhook/values.ts';

export const workloadEntryAddress = webhookAnalyzer({
  name: 'workloadEntry/address',
  description: 'A WorkloadEntry has a valid address (IP, FQDN or unix:// path), or a network.',
  kinds: ['WorkloadEntry'],
  codes: ['MW0223', 'MW0270'],
  check(check) {
    const spec = check.spec;
    const address = spec.address;
    if (!isSet(address)) {
      if (isSet(spec.network)) check.report('MW0270', ['spec', 'network'], 'This WorkloadEntry has a network but no address; it is only reachable through that network\'s gateway. Add an address if it is directly reachable.', 'key');
      else check.report('MW0223', ['spec'], 'A WorkloadEntry needs an address (or a network). Add address: <IP or host name>.', 'key');
      return;
    }
    if (typeof address !== 'string') return;
    if (address.startsWith('unix://')) {
      const problem = unixBindProblem(address);
      if (problem) check.report('MW0223', ['spec', 'address'], `${problem}.`);
      if (isSet(spec.ports)) check.report('MW0223', ['spec', 'ports'], 'A WorkloadEntry with a unix:// address cannot have ports. Remove them.', 'key');
    } else if (!isIP(address) && fqdnProblem(address)) {
      check.report('MW0223', ['spec', 'address'], `Address: ${fqdnProblem(address)}. Use an IP address or a host name.`);
    }
  },
});
