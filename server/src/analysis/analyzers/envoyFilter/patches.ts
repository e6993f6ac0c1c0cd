// EnvoyFilter configPatches (reference §3.15.2–7): selector labels, complete patches, match kinds per applyTo,
// proxyVersion regexes, deprecated filter names and the type URLs inside patch values.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isObject, regexProblem } from '../../webhook/values.ts';

/** Envoy's pre-v3 filter names and their replacements. */
const DEPRECATED_FILTERS: Record<string, string> = {
  'envoy.http_connection_manager': 'envoy.filters.network.http_connection_manager',
  'envoy.tcp_proxy': 'envoy.filters.network.tcp_proxy',
  'envoy.router': 'envoy.filters.http.router',
  'envoy.cors': 'envoy.filters.http.cors',
  'envoy.fault': 'envoy.filters.http.fault',
  'envoy.lua': 'envoy.filters.http.lua',
  'envoy.ext_authz': 'envoy.filters.http.ext_authz',
  'envoy.rate_limit': 'envoy.filters.http.ratelimit',
  'envoy.grpc_web': 'envoy.filters.http.grpc_web',
  'envoy.gzip': 'envoy.filters.http.gzip',
  'envoy.health_check': 'envoy.filters.http.health_check',
  'envoy.filters.http.rbac_v2': 'envoy.filters.http.rbac',
  'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
  'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
  'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
  'envoy.mongo_proxy': 'envoy.filters.network.mongo_proxy',
  'envoy.redis_proxy': 'envoy.filters.network.redis_proxy',
  'envoy.ratelimit': 'envoy.filters.network.ratelimit',
};

const LISTENER_KINDS = ['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER'];
const ROUTE_KINDS = ['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE'];

function checkFilterName(check: Check, name: unknown, path: ObjectPath): void {
  if (typeof name === 'string' && DEPRECATED_FILTERS[name]) {
    check.report('MW0260', path, `Filter name "${name}" is deprecated. Use "${DEPRECATED_FILTERS[name]}".`);
  }
}

/** Looks for `@type` URLs in a patch value: v2 APIs are gone; filters without typed_config are warned. */
function checkValue(check: Check, value: unknown, path: ObjectPath): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkValue(check, item, [...path, index]));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '@type' && typeof child === 'string') {
      if (/envoy\.(config|api)\.[a-z.]*v2(alpha)?\./.test(child) || /\.v2\./.test(child)) {
        check.report('MW0233', [...path, key], `"${child}" is an Envoy v2 type, which Envoy no longer understands. Use the v3 type (e.g. …v3.…).`);
      } else if (!child.startsWith('type.googleapis.com/')) {
        check.report('MW0233', [...path, key], `"${child}" is not a type URL. Write type.googleapis.com/<proto message name>.`);
      }
    }
    if (key === 'name' && typeof child === 'string') checkFilterName(check, child, [...path, key]);
    checkValue(check, child, [...path, key]);
  }
  if (typeof value.name === 'string' && value.name.startsWith('envoy.filters.') && value.typed_config === undefined && value.typedConfig === undefined && Object.keys(value).length > 1 && value.config !== undefined) {
    check.report('MW0270', path, `Filter "${value.name}" uses the untyped config field. Use typed_config with an @type.`, 'key');
  }
}

export const envoyFilterPatches = webhookAnalyzer({
  name: 'envoyFilter/patches',
  description: 'EnvoyFilter patches are complete, match the right objects for their applyTo, and use current filter names and v3 types.',
  kinds: ['EnvoyFilter'],
  codes: ['MW0233', 'MW0205', 'MW0262', 'MW0208', 'MW0260', 'MW0261', 'MW0270'],
  check(check) {
    const spec = check.spec;
    check.selectorLabels(spec.workloadSelector, ['spec', 'workloadSelector'], 'labels');
    const patches = spec.configPatches;
    if (!Array.isArray(patches)) return;
    patches.forEach((patch, index) => {
      const path = ['spec', 'configPatches', index];
      if (!isObject(patch)) {
        check.report('MW0233', path, 'This configPatch is empty. Remove it or add applyTo, match and patch.');
        return;
      }
      const match = isObject(patch.match) ? patch.match : {};
      if (match.context === 'WAYPOINT') return;
      if (patch.applyTo === undefined) check.report('MW0233', path, 'The configPatch needs applyTo (e.g. HTTP_FILTER, CLUSTER).', 'key');
      if (!isObject(patch.patch)) {
        check.report('MW0233', path, 'The configPatch needs a patch with an operation (and a value).', 'key');
      } else {
        const operation = patch.patch.operation;
        if (operation === undefined || operation === 'INVALID') check.report('MW0233', [...path, 'patch'], 'The patch needs an operation (MERGE, ADD, REMOVE, INSERT_BEFORE, …).', 'key');
        if (operation !== 'REMOVE' && operation !== undefined && patch.patch.value === undefined) {
          check.report('MW0233', [...path, 'patch'], `A ${String(operation)} patch needs a value.`, 'key');
        }
        checkValue(check, patch.patch.value, [...path, 'patch', 'value']);
      }
      if (isObject(match.proxy) && typeof match.proxy.proxyVersion === 'string') {
        const version = match.proxy.proxyVersion;
        const versionPath = [...path, 'match', 'proxy', 'proxyVersion'];
        if (version.length > 1024) check.report('MW0261', versionPath, 'proxyVersion is longer than 1024 characters and is ignored. Shorten the regex.');
        else {
          const problem = regexProblem(version);
          if (problem) check.report('MW0208', versionPath, `proxyVersion: ${problem}.`);
        }
      }
      const applyTo = String(patch.applyTo ?? '');
      if (LISTENER_KINDS.includes(applyTo)) {
        if (!isObject(match.listener)) {
          if (match.routeConfiguration !== undefined || match.cluster !== undefined) {
            check.report('MW0233', [...path, 'match'], `applyTo ${applyTo} needs a listener match, not ${match.cluster !== undefined ? 'cluster' : 'routeConfiguration'}.`, 'key');
          }
          return;
        }
        const listener = match.listener;
        const listenerPath = [...path, 'match', 'listener'];
        const chain = isObject(listener.filterChain) ? listener.filterChain : undefined;
        const filter = chain && isObject(chain.filter) ? chain.filter : undefined;
        if (!filter) return;
        const filterPath = [...listenerPath, 'filterChain', 'filter'];
        if (applyTo === 'LISTENER' || applyTo === 'FILTER_CHAIN') {
          check.report('MW0261', filterPath, `A filter match has no effect with applyTo ${applyTo}. Remove it, or match on the filter chain/listener.`, 'key');
        }
        if (typeof filter.name !== 'string' || filter.name === '') check.report('MW0233', filterPath, 'A filter match needs the filter name.', 'key');
        checkFilterName(check, filter.name, [...filterPath, 'name']);
        if (isObject(filter.subFilter)) {
          if (applyTo !== 'HTTP_FILTER') check.report('MW0233', [...filterPath, 'subFilter'], 'subFilter only applies to applyTo HTTP_FILTER.', 'key');
          else if (filter.name !== 'envoy.filters.network.http_connection_manager') check.report('MW0233', [...filterPath, 'subFilter'], 'subFilter only works under envoy.filters.network.http_connection_manager. Set filter.name to it.', 'key');
          if (typeof filter.subFilter.name !== 'string' || filter.subFilter.name === '') check.report('MW0233', [...filterPath, 'subFilter'], 'subFilter needs a name.', 'key');
          checkFilterName(check, filter.subFilter.name, [...filterPath, 'subFilter', 'name']);
        }
      } else if (ROUTE_KINDS.includes(applyTo) && (match.listener !== undefined || match.cluster !== undefined)) {
        check.report('MW0233', [...path, 'match'], `applyTo ${applyTo} needs a routeConfiguration match.`, 'key');
      } else if (applyTo === 'CLUSTER' && (match.listener !== undefined || match.routeConfiguration !== undefined)) {
        check.report('MW0233', [...path, 'match'], 'applyTo CLUSTER needs a cluster match.', 'key');
      }
    });
  },
});
