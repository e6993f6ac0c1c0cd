// The analyzer contract: each analyzer declares what it reads and reports findings through a context.
import type { Finding, Resource } from '../model/types.ts';
import type { WorkspaceIndex } from './workspaceIndex.ts';
import type { MeshConfig } from './meshConfig.ts';

export interface AnalysisContext {
  readonly index: WorkspaceIndex;
  readonly meshConfig: MeshConfig;
  report(finding: Finding): void;
}

interface AnalyzerBase {
  /** Unique, after the file: '<kind>/<check>', e.g. 'virtualService/subsetExists'. */
  readonly name: string;
  /** One sentence: what it checks. */
  readonly description: string;
  /** Catalogue codes it may report. */
  readonly codes: readonly string[];
  /**
   * Kinds it reads (e.g. ['VirtualService', 'DestinationRule']). The analyzer re-runs only when a resource
   * of one of these kinds changes. Use the special input 'MeshConfig' when it reads mesh config.
   */
  readonly inputs: readonly string[];
}

/** Looks at one resource at a time; results are cached per resource and recomputed only when it changes. */
export interface ResourceAnalyzer extends AnalyzerBase {
  readonly scope: 'resource';
  /** Kinds it applies to (a subset of inputs); `['*']` = every kind (e.g. rules that come with the cluster's CRDs). */
  readonly kinds: readonly string[];
  check(resource: Resource, context: AnalysisContext): void;
}

/** Looks across resources (references, conflicts); re-runs when any input kind changes. */
export interface WorkspaceAnalyzer extends AnalyzerBase {
  readonly scope: 'workspace';
  analyze(context: AnalysisContext): void;
}

export type Analyzer = ResourceAnalyzer | WorkspaceAnalyzer;
