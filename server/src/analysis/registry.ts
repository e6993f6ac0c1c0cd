// The list of every analyzer Meshwright runs. Add each new analyzer here (a tidy test checks it).
import type { Analyzer } from './types.ts';
import { WEBHOOK_ANALYZERS } from './webhookAnalyzers.ts';
import { CROSS_RESOURCE_ANALYZERS } from './crossResourceAnalyzers.ts';

export const ANALYZERS: readonly Analyzer[] = [...CROSS_RESOURCE_ANALYZERS, ...WEBHOOK_ANALYZERS];
