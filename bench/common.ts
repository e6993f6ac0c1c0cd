// Shared helpers of the benchmarks: statistics, the scratch folder, and writing results into
// docs/performance.md between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` markers.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/**
 * A scratch folder for generated workspaces, outside the repository and outside dot-folders
 * (yaml-language-server's schema globs do not match paths under hidden folders).
 */
export function scratch(name: string): string {
  const folder = path.join(tmpdir(), 'meshwright-bench', name);
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Replaces (or appends) one benchmark's section of docs/performance.md. */
export function replaceSection(name: string, content: string): void {
  const file = path.join(root, 'docs', 'performance.md');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n';
  const block = `${start}\n${content}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
