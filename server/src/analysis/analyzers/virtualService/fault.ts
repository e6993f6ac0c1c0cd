// Fault injection (reference §3.3.16): abort and/or delay, percentages, status codes, unsupported kinds.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { isInteger, isObject, isSet } from '../../webhook/values.ts';

const GRPC_STATUS = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

function checkPercentage(check: Check, parent: Record<string, unknown>, path: ObjectPath): void {
  if (isObject(parent.percentage) && typeof parent.percentage.value === 'number') {
    const value = parent.percentage.value;
    if (value !== 0 && (value < 0.0001 || value > 100)) check.report('MW0215', [...path, 'percentage', 'value'], `Fault percentage ${value} must be 0 or between 0.0001 and 100.`);
  }
  if (isInteger(parent.percent) && (parent.percent < 0 || parent.percent > 100)) {
    check.report('MW0215', [...path, 'percent'], `Fault percent ${parent.percent} must be between 0 and 100 (better: use percentage.value).`);
  }
}

export const virtualServiceFault = webhookAnalyzer({
  name: 'virtualService/fault',
  description: 'Fault injection sets abort and/or delay with valid percentages, status codes and durations.',
  kinds: ['VirtualService'],
  codes: ['MW0215', 'MW0201', 'MW0270'],
  check(check) {
    for (const { route, path } of routesOf(check.spec, 'http')) {
      const fault = route.fault;
      if (!isObject(fault)) continue;
      const faultPath = [...path, 'fault'];
      if (!isSet(fault.abort) && !isSet(fault.delay)) {
        check.report('MW0215', faultPath, 'fault sets neither abort nor delay. Add one, or remove fault.', 'key');
      }
      if (isObject(fault.abort)) {
        const abort = fault.abort;
        const abortPath = [...faultPath, 'abort'];
        checkPercentage(check, abort, abortPath);
        if (isInteger(abort.httpStatus) && (abort.httpStatus < 200 || abort.httpStatus > 600)) {
          check.report('MW0215', [...abortPath, 'httpStatus'], `httpStatus ${abort.httpStatus} is not an HTTP status (200–600).`);
        }
        if (typeof abort.grpcStatus === 'string' && !GRPC_STATUS.includes(abort.grpcStatus)) {
          check.report('MW0215', [...abortPath, 'grpcStatus'], `"${abort.grpcStatus}" is not a gRPC status name. Use e.g. UNAVAILABLE or DEADLINE_EXCEEDED.`);
        }
        if (abort.http2Error !== undefined) check.report('MW0215', [...abortPath, 'http2Error'], 'http2Error faults are not supported by Istio. Use httpStatus or grpcStatus.', 'key');
        if (abort.httpStatus === undefined && abort.grpcStatus === undefined && abort.http2Error === undefined) {
          check.report('MW0270', abortPath, 'This abort has no error type, so it does nothing. Add httpStatus or grpcStatus.', 'key');
        }
      }
      if (isObject(fault.delay)) {
        const delay = fault.delay;
        const delayPath = [...faultPath, 'delay'];
        checkPercentage(check, delay, delayPath);
        check.duration(delay, delayPath, 'fixedDelay');
        if (delay.exponentialDelay !== undefined) check.report('MW0215', [...delayPath, 'exponentialDelay'], 'exponentialDelay is not supported by Istio. Use fixedDelay.', 'key');
      }
    }
  },
});
