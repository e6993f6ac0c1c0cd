// Purpose: render an apply / dry-run / diff result as plain text, the same for the CLI and the output channel.

import type { ApplyMode, ApplyResult, ObjectAction, ObjectRow } from './types.ts';

export function actionLabel(action: ObjectAction, mode: ApplyMode): string {
  if (mode !== 'apply') {
    if (action === 'created') return 'would create';
    if (action === 'configured') return 'would configure';
  }
  return action === 'not-applied' ? 'not applied' : action;
}

function objectName(row: ObjectRow): string {
  if (!row.kind) return '(unparsed document)';
  return `${row.kind}/${row.name || '?'}`;
}

export function formatReport(result: ApplyResult, options: { includeDiffs?: boolean } = {}): string {
  const lines: string[] = [];
  const title = result.mode === 'apply' ? 'Apply' : result.mode === 'dry-run' ? 'Server dry-run' : 'Diff';
  if (result.context) {
    lines.push(`${title} — context "${result.context}" (${result.server}), default namespace "${result.defaultNamespace}"`);
  } else {
    lines.push(title);
  }
  if (result.rows.length > 0) {
    const table = result.rows.map((row) => [
      String(row.position),
      actionLabel(row.action, result.mode),
      objectName(row),
      row.namespace ? `${row.namespace}${row.namespaceDefaulted ? ' (defaulted)' : ''}` : '-',
      `${row.source}:${row.line}`,
    ]);
    const headings = ['#', 'RESULT', 'OBJECT', 'NAMESPACE', 'SOURCE'];
    const widths = headings.map((heading, column) => Math.max(heading.length, ...table.map((cells) => cells[column]!.length)));
    const pad = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
    lines.push(pad(headings));
    result.rows.forEach((row, index) => {
      lines.push(pad(table[index]!));
      if (row.failure) {
        lines.push(`    ${row.failure.message}`);
        for (const cause of row.failure.causes ?? []) {
          lines.push(`      - ${cause.field ? `${cause.field}: ` : ''}${cause.message}${cause.manager ? ` (owner: ${cause.manager})` : ''}`);
        }
      } else if (row.reason && row.action !== 'not-applied') {
        lines.push(`    ${row.reason}`);
      }
    });
    const notApplied = result.rows.find((row) => row.action === 'not-applied' && row.reason);
    if (notApplied && result.rows.every((row) => row.action !== 'not-applied' || row.reason === notApplied.reason)) {
      // One shared reason; print it once instead of on every row.
      if (notApplied.reason !== result.summary) lines.push(`(${notApplied.reason})`);
    }
  }
  if (options.includeDiffs) {
    for (const row of result.rows) {
      if (row.diff) lines.push('', row.diff.trimEnd());
      else if (row.action === 'unchanged') lines.push('', `# ${objectName(row)}: no changes`);
    }
  }
  for (const warning of result.warnings ?? []) lines.push('', `Warning: ${warning}`);
  lines.push('', result.summary);
  return `${lines.join('\n')}\n`;
}
