// Purpose: prepare live and dry-run objects for a human diff (managed fields, status and server bookkeeping
// removed; Secret values masked kubectl-style so only *which* keys changed is visible) and render a unified diff.

import YAML from 'yaml';
import { MASK, isSecret } from './redact.ts';
import type { KubeObject } from './types.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A copy without the fields that change on every write or are not the user's intent. */
export function stripForDiff(object: KubeObject | undefined): KubeObject | undefined {
  if (!object) return undefined;
  const copy = structuredClone(object) as KubeObject;
  delete copy.status;
  const metadata = copy.metadata;
  if (metadata) {
    for (const field of ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink']) delete metadata[field];
  }
  return copy;
}

/** Mask Secret values in both objects. Equal values become "***"; changed ones "*** (before)" / "*** (after)". */
export function maskSecretPair(live: KubeObject | undefined, proposed: KubeObject | undefined): [KubeObject | undefined, KubeObject | undefined] {
  const liveCopy = live ? (structuredClone(live) as KubeObject) : undefined;
  const proposedCopy = proposed ? (structuredClone(proposed) as KubeObject) : undefined;
  if (!isSecret(liveCopy) && !isSecret(proposedCopy)) return [liveCopy, proposedCopy];
  for (const field of ['data', 'stringData']) {
    const before = asRecord(liveCopy?.[field]);
    const after = asRecord(proposedCopy?.[field]);
    for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
      const changed = before && after && key in before && key in after && before[key] !== after[key];
      if (before && key in before) before[key] = changed ? `${MASK} (before)` : MASK;
      if (after && key in after) after[key] = changed ? `${MASK} (after)` : MASK;
    }
  }
  for (const copy of [liveCopy, proposedCopy]) {
    const annotations = asRecord(copy?.metadata?.annotations);
    if (annotations && LAST_APPLIED in annotations) annotations[LAST_APPLIED] = MASK;
  }
  return [liveCopy, proposedCopy];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function toYaml(object: KubeObject | undefined): string {
  return object ? YAML.stringify(object, { lineWidth: 0 }) : '';
}

/** Unified diff of two texts with three lines of context; '' when equal. */
export function unifiedDiff(before: string, after: string, beforeLabel: string, afterLabel: string): string {
  if (before === after) return '';
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  const operations = lineOperations(a, b);
  const context = 3;
  const out = [`--- ${beforeLabel}`, `+++ ${afterLabel}`];
  let index = 0;
  while (index < operations.length) {
    if (operations[index]!.type === ' ') {
      index++;
      continue;
    }
    let start = Math.max(0, index - context);
    let end = index;
    // Extend the hunk while changes are closer than 2 * context lines apart.
    for (;;) {
      while (end < operations.length && operations[end]!.type !== ' ') end++;
      let next = end;
      while (next < operations.length && operations[next]!.type === ' ') next++;
      if (next < operations.length && next - end <= 2 * context) end = next;
      else break;
    }
    end = Math.min(operations.length, end + context);
    const hunk = operations.slice(start, end);
    const oldStart = hunk[0]!.oldLine;
    const newStart = hunk[0]!.newLine;
    const oldCount = hunk.filter((op) => op.type !== '+').length;
    const newCount = hunk.filter((op) => op.type !== '-').length;
    out.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`);
    for (const op of hunk) out.push(`${op.type}${op.text}`);
    index = end;
    start = end;
  }
  return `${out.join('\n')}\n`;
}

type Operation = { type: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

/** Line-level edit script from a longest-common-subsequence table (objects are small). */
function lineOperations(a: string[], b: string[]): Operation[] {
  const rows = a.length;
  const columns = b.length;
  const operations: Operation[] = [];
  if (rows * columns > 4_000_000) {
    a.forEach((text, i) => operations.push({ type: '-', text, oldLine: i + 1, newLine: 1 }));
    b.forEach((text, j) => operations.push({ type: '+', text, oldLine: rows + 1, newLine: j + 1 }));
    return operations;
  }
  const lengths = new Uint32Array((rows + 1) * (columns + 1));
  const at = (i: number, j: number) => i * (columns + 1) + j;
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      lengths[at(i, j)] = a[i] === b[j] ? lengths[at(i + 1, j + 1)]! + 1 : Math.max(lengths[at(i + 1, j)]!, lengths[at(i, j + 1)]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && a[i] === b[j]) {
      operations.push({ type: ' ', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < rows && (j === columns || lengths[at(i + 1, j)]! >= lengths[at(i, j + 1)]!)) {
      operations.push({ type: '-', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
    } else {
      operations.push({ type: '+', text: b[j]!, oldLine: i + 1, newLine: j + 1 });
      j++;
    }
  }
  return operations;
}
