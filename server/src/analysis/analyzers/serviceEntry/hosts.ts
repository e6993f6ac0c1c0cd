// ServiceEntry hosts and addresses (reference §3.5.2–3): at least one host, no '*', wildcard-domain rules,
// partial wildcards warned (except DYNAMIC_DNS); addresses are IPs/CIDRs, CIDRs only with NONE/STATIC.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isIPOrCidr, isPartialWildcard, wildcardDomainProblem } from '../../webhook/values.ts';

export const serviceEntryHosts = webhookAnalyzer({
  name: 'serviceEntry/hosts',
  description: 'ServiceEntry hosts and addresses are valid for the resolution.',
  kinds: ['ServiceEntry'],
  codes: ['MW0203', 'MW0264', 'MW0210'],
  check(check) {
    const spec = check.spec;
    const resolution = typeof spec.resolution === 'string' ? spec.resolution : 'NONE';
    const hosts = asArray(spec.hosts);
    if (Array.isArray(spec.hosts) && hosts.length === 0) check.report('MW0203', ['spec', 'hosts'], 'A ServiceEntry needs at least one host. Add hosts: [api.example.com].', 'key');
    hosts.forEach((host, index) => {
      if (typeof host !== 'string') return;
      const path = ['spec', 'hosts', index];
      if (host === '*') {
        check.report('MW0203', path, 'A ServiceEntry host cannot be "*". Name the external hosts (wildcards like *.example.com are fine).');
        return;
      }
      const problem = wildcardDomainProblem(host);
      if (problem) check.report('MW0203', path, `${problem}. Use an FQDN such as api.example.com or *.example.com.`);
      else if (isPartialWildcard(host) && resolution !== 'DYNAMIC_DNS') {
        check.report('MW0264', path, `Partial wildcard "${host}" is not supported for routing; only "*.domain" wildcards are. Use *.${host.replace(/^[^.]*\./, '')} or exact names.`);
      }
    });
    asArray(spec.addresses).forEach((address, index) => {
      if (typeof address !== 'string') return;
      const path = ['spec', 'addresses', index];
      if (!isIPOrCidr(address)) check.report('MW0210', path, `"${address}" is not an IP address or CIDR.`);
      else if (address.includes('/') && resolution !== 'NONE' && resolution !== 'STATIC') {
        check.report('MW0210', path, `CIDR ${address} is only allowed with resolution NONE or STATIC (resolution is ${resolution}). Use single IPs or change the resolution.`);
      }
    });
  },
});
