// ServiceEntry ports (reference §3.5.4): non-null, unique names and numbers, DNS-label names, known protocols,
// valid numbers and target ports.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isDns1123Label, isObject, protocolProblem } from '../../webhook/values.ts';

export const serviceEntryPorts = webhookAnalyzer({
  name: 'serviceEntry/ports',
  description: 'ServiceEntry ports have unique valid names and numbers and known protocols.',
  kinds: ['ServiceEntry'],
  codes: ['MW0204'],
  check(check) {
    const names = new Map<unknown, number>();
    const numbers = new Map<unknown, number>();
    asArray(check.spec.ports).forEach((port, index) => {
      const path = ['spec', 'ports', index];
      if (!isObject(port)) {
        check.report('MW0204', path, 'This port entry is empty. Remove it or add number, name and protocol.');
        return;
      }
      if (typeof port.name === 'string') {
        if (!isDns1123Label(port.name)) check.report('MW0204', [...path, 'name'], `Port name "${port.name}" is not a DNS-1123 label (lower-case letters, digits, '-').`);
        if (names.has(port.name)) check.report('MW0204', [...path, 'name'], `Port name "${port.name}" is already used by ports[${names.get(port.name)}]. Use unique names.`);
        names.set(port.name, index);
      }
      if (port.number !== undefined) {
        if (numbers.has(port.number)) check.report('MW0204', [...path, 'number'], `Port ${String(port.number)} is already declared by ports[${numbers.get(port.number)}]. Use each port number once.`);
        numbers.set(port.number, index);
      }
      check.port(port, path, 'number');
      check.port(port, path, 'targetPort', 'MW0204', true);
      const protocol = protocolProblem(port.protocol);
      if (protocol) check.report('MW0204', [...path, 'protocol'], `${protocol}.`);
    });
  },
});
