// Retries and timeouts (reference §3.3.21, 3.3.23): attempts, per-try timeout, backoff, retryOn tokens, timeout.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { isInteger, isObject, isSet } from '../../webhook/values.ts';

/** Status codes Go's net/http knows (Istio accepts a numeric retryOn token only if it is one of them). */
const HTTP_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);
const RETRY_POLICIES = ['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

export const virtualServiceRetries = webhookAnalyzer({
  name: 'virtualService/retries',
  description: 'Retry policies and route timeouts use valid attempts, durations and retryOn conditions.',
  kinds: ['VirtualService'],
  codes: ['MW0216', 'MW0201'],
  check(check) {
    for (const { route, path } of routesOf(check.spec, 'http')) {
      check.duration(route, path, 'timeout');
      const retries = route.retries;
      if (!isObject(retries)) continue;
      const retriesPath = [...path, 'retries'];
      if (isInteger(retries.attempts) && retries.attempts < 0) check.report('MW0216', [...retriesPath, 'attempts'], 'attempts cannot be negative. Use 0 to disable retries.');
      if (retries.attempts === 0) {
        for (const key of ['perTryTimeout', 'retryOn', 'retryRemoteLocalities']) {
          if (isSet(retries[key])) check.report('MW0216', [...retriesPath, key], `attempts is 0 (retries disabled), so ${key} has no meaning. Remove ${key} or set attempts above 0.`, 'key');
        }
      }
      check.duration(retries, retriesPath, 'perTryTimeout');
      check.duration(retries, retriesPath, 'backoff');
      if (typeof retries.retryOn === 'string') {
        for (const token of retries.retryOn.split(',')) {
          if ((/^\d+$/.test(token) && HTTP_STATUS.has(Number(token))) || RETRY_POLICIES.includes(token)) continue;
          check.report('MW0216', [...retriesPath, 'retryOn'], `"${token}" is not a retry condition. Use HTTP status codes or Envoy policies such as 5xx, gateway-error, connect-failure, retriable-4xx, refused-stream, reset, separated by commas without spaces.`);
        }
      }
    }
  },
});
