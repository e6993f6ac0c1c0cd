// LSP handlers for the topology, traffic-split, simulator and weight-edit requests, the topologyChanged
// notification after each analysis round, and the route code lenses. Each handler is guarded: an exception
// becomes an error response, never a crash.
import type { CodeLens, Connection } from 'vscode-languageserver';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { YamlFile } from '../model/index.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import type { Finding } from '../model/types.ts';
import type { SourceLocation, TopologyModel } from '../../../protocol/webview.ts';
import {
  SetRouteWeightsRequest, SimulateRequest, TopologyChangedNotification, TopologyRequest, TrafficSplitRequest,
} from '../../../protocol/lsp.ts';
import { buildTopology } from '../ide/topology.ts';
import { trafficSplit, weightEdits, parseRouteId } from '../ide/traffic.ts';
import { simulateRequest } from '../ide/simulate.ts';
import { codeLensesFor } from '../ide/codeLens.ts';
import { guardRequest } from './guard.ts';

/** What these handlers need from the server's WorkspaceSession. */
export interface TopologySession {
  readonly index: WorkspaceIndex;
  getFile(uri: string): YamlFile | undefined;
  findings(uri: string): readonly Finding[];
  onDidUpdate(listener: () => void): void;
}

export function registerTopologyHandlers(connection: Connection, session: TopologySession): void {
  connection.onRequest(TopologyRequest, guardRequest(connection, 'topology', (scope) => withRanges(session, buildTopology(session.index, (uri) => session.findings(uri), scope ?? {}))));

  connection.onRequest(TrafficSplitRequest, guardRequest(connection, 'trafficSplit', (params) => {
    const splits = trafficSplit(session.index, params?.uri);
    for (const split of splits) {
      fillRange(session, split.source);
      for (const destination of split.destinations) fillRange(session, destination.source);
    }
    return splits;
  }));

  connection.onRequest(SimulateRequest, guardRequest(connection, 'simulateRequest', (request) => simulateRequest(session.index, request)));

  connection.onRequest(SetRouteWeightsRequest, guardRequest(connection, 'setRouteWeights', (params): WorkspaceEdit | null => {
    const parsed = parseRouteId(params.routeId);
    const file = parsed ? session.getFile(parsed.uri) : undefined;
    if (!parsed || !file) return null;
    const edits = weightEdits(file, params.routeId, params.weights);
    if (!edits) return null;
    return { changes: { [file.uri]: edits } };
  }));

  connection.onCodeLens(guardRequest(connection, 'codeLens', (params): CodeLens[] => {
    const file = session.getFile(params.textDocument.uri);
    return file ? codeLensesFor(file, session.index) : [];
  }));

  session.onDidUpdate(() => {
    void connection.sendNotification(TopologyChangedNotification, { uris: [] });
  });
}

/** Adds LSP ranges to every source location of a model (the pure layer speaks offsets and paths). */
function withRanges(session: TopologySession, model: TopologyModel): TopologyModel {
  for (const node of model.nodes) if (node.source) fillRange(session, node.source);
  for (const edge of model.edges) if (edge.source) fillRange(session, edge.source);
  return model;
}

function fillRange(session: TopologySession, source: SourceLocation): void {
  const file = session.getFile(source.uri);
  if (!file || !source.span) return;
  source.range = { start: file.positionAt(source.span.start), end: file.positionAt(source.span.end) };
}
