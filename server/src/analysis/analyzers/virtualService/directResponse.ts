// Direct responses (reference §3.3.20): a status 200..600 and a body Envoy accepts (≤1 MiB; >100 KiB warned).
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { isInteger, isObject } from '../../webhook/values.ts';

export const virtualServiceDirectResponse = webhookAnalyzer({
  name: 'virtualService/directResponse',
  description: 'directResponse has a valid status and a body of acceptable size.',
  kinds: ['VirtualService'],
  codes: ['MW0238', 'MW0266'],
  check(check) {
    for (const { route, path } of routesOf(check.spec, 'http')) {
      const response = route.directResponse;
      if (!isObject(response)) continue;
      const responsePath = [...path, 'directResponse'];
      if (isInteger(response.status) && (response.status < 200 || response.status > 600)) {
        check.report('MW0238', [...responsePath, 'status'], `directResponse status ${response.status} must be between 200 and 600.`);
      }
      if (!isObject(response.body)) continue;
      const body = response.body;
      const size = typeof body.string === 'string' ? new TextEncoder().encode(body.string).length
        : typeof body.bytes === 'string' ? Math.floor((body.bytes.replace(/=+$/, '').length * 3) / 4) : 0;
      const key = typeof body.string === 'string' ? 'string' : 'bytes';
      if (size > 1024 * 1024) check.report('MW0238', [...responsePath, 'body', key], `The directResponse body is ${size} bytes; Envoy accepts at most 1 MiB. Serve large bodies from a real backend.`);
      else if (size > 100 * 1024) check.report('MW0266', [...responsePath, 'body', key], `The directResponse body is ${size} bytes (over 100 KiB); large bodies bloat every proxy's configuration. Serve it from a backend.`);
    }
  },
});
