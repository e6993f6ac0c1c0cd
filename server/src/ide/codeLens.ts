// Code lenses over VirtualService routes showing the configured traffic split:
// "75% → reviews v1 · 25% → reviews v2". Clicking one opens the traffic panel for the file.
import type { CodeLens } from 'vscode-languageserver-types';
import type { YamlFile } from '../model/index.ts';
import { locate } from '../model/index.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import type { RouteSplit } from '../../../protocol/webview.ts';
import { splitsOf } from './traffic.ts';

export const SHOW_TRAFFIC_COMMAND = 'meshwright.showTrafficSplit';

/** One lens per route with destinations (http, tcp and tls), placed on the line of the route's `route:` key. */
export function codeLensesFor(file: YamlFile, _index?: WorkspaceIndex): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const resource of file.resources) {
    if (resource.kind !== 'VirtualService') continue;
    for (const split of splitsOf(resource)) {
      if (split.destinations.length === 0) continue;
      const routeKey = locate(resource.document, [...split.source.path, 'route']);
      const at = routeKey.key?.start ?? routeKey.value.start;
      const position = file.positionAt(at);
      lenses.push({
        range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: 0 } },
        command: { title: lensTitle(split), command: SHOW_TRAFFIC_COMMAND, arguments: [file.uri, split.id] },
      });
    }
  }
  return lenses;
}

/** "75% → reviews v1 · 25% → reviews v2", with the sum flagged when it is not 100. */
export function lensTitle(split: RouteSplit): string {
  const parts = split.destinations.map((d) => `${d.weight}% → ${shortHost(d.host)}${d.subset ? ` ${d.subset}` : ''}${d.port ? `:${d.port}` : ''}`);
  let title = parts.join(' · ');
  if (split.total !== 100) title += ` (total ${split.total}%, must be 100)`;
  if (split.mirror) title += ` · mirror ${split.mirror.percentage}% → ${shortHost(split.mirror.host)}${split.mirror.subset ? ` ${split.mirror.subset}` : ''}`;
  return title;
}

/** `reviews.bookinfo.svc.cluster.local` → `reviews`; other hosts unchanged. */
export function shortHost(host: string): string {
  const match = /^([^.]+)\.[^.]+\.svc\.cluster\.local$/.exec(host);
  return match ? match[1]! : host;
}
