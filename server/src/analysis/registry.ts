// The list of every analyzer Meshwright runs. Add each new analyzer here (a tidy test checks it).
import type { Analyzer } from './types.ts';

export const ANALYZERS: readonly Analyzer[] = [];
