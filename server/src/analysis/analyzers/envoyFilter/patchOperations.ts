// IST0151–IST0155: EnvoyFilter patch operations that are ignored (ADD/REMOVE on route configurations or HTTP
// routes, REPLACE on unsupported targets) or fragile (relative operations without a priority, especially on
// filters another EnvoyFilter patches for a specific proxy version).
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, str } from '../../analyzerKit.ts';
import { namespaceOf, specOf, valueAtPath } from '../../workspaceIndex.ts';

const ROUTE_TARGETS = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const REPLACE_TARGETS = new Set(['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST']);

export const patchOperations: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'envoyFilter/patchOperations',
  description: 'EnvoyFilter patch operations must apply to targets that support them and be ordered by priority.',
  codes: ['IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155'],
  inputs: ['EnvoyFilter'],
  analyze(context) {
    const filters = [...context.index.resources('EnvoyFilter')].sort((a, b) => {
      const x = `${namespaceOf(a)}/${a.name}`;
      const y = `${namespaceOf(b)}/${b.name}`;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const versionedNames: string[] = [];
    for (const filter of filters) {
      const spec = specOf(filter);
      const priority = typeof spec.priority === 'number' ? spec.priority : 0;
      const patches = records(spec.configPatches);
      for (let i = 0; i < patches.length; i++) {
        const patch = patches[i]!;
        if (!isRecord(patch.patch)) break;
        const operation = str(patch.patch.operation) ?? '';
        const applyTo = str(patch.applyTo) ?? '';
        const value = isRecord(patch.patch.value) ? patch.patch.value : undefined;
        let target = '';
        if (value && value.name !== undefined) target = JSON.stringify(value.name);
        else if (value) target = String(valueAtPath(patch.match, ['listener', 'filterChain', 'filter', 'name']) ?? '');
        const path = ['spec', 'configPatches', i, 'patch', 'operation'];
        const relative = () => {
          if (priority !== 0) return;
          if (versionedNames.includes(target)) {
            context.report(findingOn(filter, 'IST0155', path, `Relative operation ${operation} without a priority on a filter that another EnvoyFilter patches for a specific proxyVersion: during an upgrade this patch may not apply. Set spec.priority, or use INSERT_FIRST or ADD.`));
          } else {
            context.report(findingOn(filter, 'IST0151', path, `Relative operation ${operation} without a priority: the order of EnvoyFilters is not guaranteed, so this patch may not apply. Set spec.priority, or use INSERT_FIRST or ADD.`));
          }
        };
        if (operation === 'ADD') {
          if (ROUTE_TARGETS.has(applyTo)) context.report(findingOn(filter, 'IST0153', path, `ADD is ignored when applyTo is ${applyTo}. Use MERGE to change the route configuration, or apply the patch to VIRTUAL_HOST.`));
        } else if (operation === 'REMOVE') {
          if (ROUTE_TARGETS.has(applyTo)) context.report(findingOn(filter, 'IST0154', path, `REMOVE is ignored when applyTo is ${applyTo}. Remove the patch or target a VIRTUAL_HOST/filter instead.`));
          else relative();
        } else if (operation === 'REPLACE') {
          if (!REPLACE_TARGETS.has(applyTo)) context.report(findingOn(filter, 'IST0152', path, `REPLACE only works with applyTo HTTP_FILTER, NETWORK_FILTER or VIRTUAL_HOST, not ${applyTo || 'an empty applyTo'}. Use MERGE, or change applyTo.`));
          else relative();
        } else if (operation === 'INSERT_BEFORE' || operation === 'INSERT_AFTER') {
          relative();
        }
        const proxyVersion = valueAtPath(patch.match, ['proxy', 'proxyVersion']);
        if (typeof proxyVersion === 'string' && proxyVersion.length > 0) versionedNames.push(target);
      }
    }
  },
};
