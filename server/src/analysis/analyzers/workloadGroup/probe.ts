// WorkloadGroup readiness probe (reference §3.7.2): non-negative timings, exactly one method, valid httpGet,
// tcpSocket and exec settings.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isInteger, isObject, isSet } from '../../webhook/values.ts';

export const workloadGroupProbe = webhookAnalyzer({
  name: 'workloadGroup/probe',
  description: 'The WorkloadGroup probe uses exactly one valid method and non-negative timings.',
  kinds: ['WorkloadGroup'],
  codes: ['MW0224'],
  check(check) {
    const probe = check.spec.probe;
    if (!isObject(probe)) return;
    const path = ['spec', 'probe'];
    for (const key of ['periodSeconds', 'initialDelaySeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) {
      if (isInteger(probe[key]) && (probe[key] as number) < 0) check.report('MW0224', [...path, key], `${key} cannot be negative.`);
    }
    const methods = ['httpGet', 'tcpSocket', 'exec', 'grpc'].filter((key) => probe[key] !== undefined);
    if (methods.length !== 1) {
      check.report('MW0224', methods.length > 1 ? [...path, methods[1]!] : path, methods.length > 1 ? `A probe has exactly one method, but ${methods.join(' and ')} are set. Keep one.` : 'The probe has no method. Add httpGet, tcpSocket or exec.', 'key');
    }
    if (isObject(probe.httpGet)) {
      const http = probe.httpGet;
      check.port(http, [...path, 'httpGet'], 'port', 'MW0224');
      if (typeof http.scheme === 'string' && !['HTTP', 'HTTPS', ''].includes(http.scheme)) {
        check.report('MW0224', [...path, 'httpGet', 'scheme'], `Probe scheme "${http.scheme}" must be HTTP or HTTPS.`);
      }
      asArray(http.httpHeaders).forEach((header, index) => {
        if (isObject(header) && typeof header.name === 'string' && !/^[-A-Za-z0-9]+$/.test(header.name)) {
          check.report('MW0224', [...path, 'httpGet', 'httpHeaders', index, 'name'], `Probe header name "${header.name}" may contain only letters, digits and '-'.`);
        }
      });
    }
    if (isObject(probe.tcpSocket)) check.port(probe.tcpSocket, [...path, 'tcpSocket'], 'port', 'MW0224');
    if (isObject(probe.exec) && !isSet(probe.exec.command)) {
      check.report('MW0224', [...path, 'exec'], 'The exec probe needs a command. Add command: [ … ].', 'key');
    }
  },
});
