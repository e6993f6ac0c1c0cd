// Gateway server ports and binds (reference §3.2.4–6): port required with a known protocol, a number in range
// (0 for unix binds), a unique name, no targetPort; bind is an IP or an absolute unix:// path.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isIP, isObject, isSet, protocolProblem, unixBindProblem } from '../../webhook/values.ts';

export const gatewayServerPort = webhookAnalyzer({
  name: 'gateway/serverPort',
  description: 'Gateway server ports are complete, valid and uniquely named; binds are IPs or unix:// paths.',
  kinds: ['Gateway'],
  codes: ['MW0204'],
  check(check) {
    const names = new Map<string, number>();
    asArray(check.spec.servers).forEach((server, index) => {
      if (!isObject(server)) return;
      const path = ['spec', 'servers', index];
      const bind = typeof server.bind === 'string' ? server.bind : '';
      const unix = bind.startsWith('unix://');
      if (!isObject(server.port)) {
        check.report('MW0204', path, 'This server has no port. Add port: {number: 80, name: http, protocol: HTTP}.', 'key');
      } else {
        const port = server.port;
        const portPath = [...path, 'port'];
        const protocol = protocolProblem(port.protocol);
        if (protocol) check.report('MW0204', [...portPath, 'protocol'], `${protocol}.`);
        if (unix) {
          if (typeof port.number === 'number' && port.number !== 0) check.report('MW0204', [...portPath, 'number'], 'A server bound to a unix:// socket must use port number 0.');
        } else {
          check.port(port, portPath, 'number');
        }
        if (port.targetPort !== undefined) check.report('MW0204', [...portPath, 'targetPort'], 'targetPort is not supported on Gateway servers. Remove it.', 'key');
        if (!isSet(port.name)) check.report('MW0204', portPath, 'The server port needs a name (e.g. name: http). Add one.', 'key');
        else if (typeof port.name === 'string') {
          if (names.has(port.name)) check.report('MW0204', [...portPath, 'name'], `Port name "${port.name}" is already used by server ${names.get(port.name)}. Port names must be unique across servers; rename one.`);
          else names.set(port.name, index);
        }
      }
      if (bind !== '') {
        if (unix) {
          const problem = unixBindProblem(bind);
          if (problem) check.report('MW0204', [...path, 'bind'], `${problem}.`);
        } else if (!isIP(bind)) {
          check.report('MW0204', [...path, 'bind'], `bind "${bind}" is not an IP address or unix:// path. Use e.g. 0.0.0.0.`);
        }
      }
    });
  },
});
