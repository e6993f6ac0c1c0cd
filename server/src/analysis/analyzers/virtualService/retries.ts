// Retries and timeouts (reference §3.3.21, 3.3.23): attempts, per-try timeout, backoff, retryOn tokens, timeout.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { isInteger, isObject, isSet } from '../../webhook/values.ts';

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
          const trimmed = token.trim();
          if (/^\d{3}$/.test(trimmed) || RETRY_POLICIES.includes(trimmed)) continue;
          check.report('MW0216', [...retriesPath, 'retryOn'], `"${trimmed}" is not a retry condition. Use HTTP status codes or Envoy policies such as 5xx, gateway-error, connect-failure, retriable-4xx, refused-stream, reset.`);
        }
      }
    }
  },
});
