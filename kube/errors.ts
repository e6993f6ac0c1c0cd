// Purpose: turn an API server error response into a precise, human message (conflict with its owners,
// RBAC denial, admission rejection, unknown field, invalid object) without losing the server's own reason.

import type { FieldCause, Failure } from './types.ts';

type StatusCause = { reason?: string; message?: string; field?: string };
type Status = { kind?: string; message?: string; reason?: string; code?: number; details?: { causes?: StatusCause[] } };

export function describeServerError(status: number, body: unknown, rawText: string, where: string, verb: string): Failure {
  const statusObject = (body && typeof body === 'object' ? body : {}) as Status;
  const serverMessage = statusObject.message ?? (rawText.trim().slice(0, 500) || `HTTP ${status}`);
  const causes: FieldCause[] = (statusObject.details?.causes ?? []).map((cause) => {
    const manager = /conflict with "([^"]+)"/.exec(cause.message ?? '')?.[1];
    return { field: cause.field, message: cause.message ?? cause.reason ?? '', ...(manager ? { manager } : {}) };
  });
  const withCauses = causes.length > 0 ? { causes } : {};

  if (status === 409 && (statusObject.reason === 'Conflict' || /conflict/i.test(serverMessage)) && causes.some((cause) => cause.manager)) {
    const owners = [...new Set(causes.map((cause) => cause.manager).filter((manager): manager is string => !!manager))];
    const fields = causes.map((cause) => cause.field).filter((field): field is string => !!field);
    return {
      kind: 'conflict',
      status,
      message:
        `Field conflict: ${fields.join(', ') || 'some fields'} ${fields.length === 1 ? 'is' : 'are'} owned by ${owners.map((owner) => `"${owner}"`).join(', ')}. ` +
        'Nothing was forced. Either take ownership (apply again and confirm "force"), remove those fields from your file, or set them to the live values.',
      ...withCauses,
    };
  }
  if (/admission webhook|ValidatingAdmissionPolicy|denied (the )?request|admission/i.test(serverMessage) && status !== 401) {
    return { kind: 'admission', status, message: `Rejected by admission control in ${where}: ${serverMessage}`, ...withCauses };
  }
  if (status === 401) {
    return { kind: 'unauthorized', status, message: `The API server of ${where} rejected the credentials (401 Unauthorized). Log in again or refresh the kubeconfig.` };
  }
  if (status === 403) {
    return { kind: 'forbidden', status, message: `Not allowed to ${verb} in ${where} (RBAC): ${serverMessage}`, ...withCauses };
  }
  if (/unknown field|field not declared in schema|duplicate field/i.test(serverMessage)) {
    return { kind: 'unknown-field', status, message: `Unknown or duplicate field rejected by strict validation: ${serverMessage}`, ...withCauses };
  }
  if (status === 422 || statusObject.reason === 'Invalid') {
    return { kind: 'invalid', status, message: `Invalid: ${serverMessage}`, ...withCauses };
  }
  if (status === 404) {
    return { kind: 'not-found', status, message: `Not found: ${serverMessage}`, ...withCauses };
  }
  if (status === 400) {
    return { kind: 'invalid', status, message: `Rejected: ${serverMessage}`, ...withCauses };
  }
  if (status === 429) {
    return { kind: 'server', status, message: `The API server of ${where} is overloaded (429 Too Many Requests): ${serverMessage}` };
  }
  return { kind: 'server', status, message: `The API server of ${where} answered HTTP ${status}: ${serverMessage}`, ...withCauses };
}
