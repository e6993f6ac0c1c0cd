// WasmPlugin and TrafficExtension (reference §3.13, §3.14): target rules, module URL and digest, name lengths,
// VM environment, match ports; TrafficExtension needs exactly one of wasm/lua with non-empty Lua code.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isObject, isSet } from '../../webhook/values.ts';

function checkWasm(check: Check, wasm: Record<string, unknown>, path: ObjectPath): void {
  if (!isSet(wasm.url)) check.report('MW0232', path, 'A Wasm plugin needs a url (oci://, https://, http:// or file://).', 'key');
  else if (typeof wasm.url === 'string') {
    const url = wasm.url;
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
    if (/\s/.test(url)) check.report('MW0232', [...path, 'url'], `url "${url}" contains whitespace.`);
    else if (scheme !== undefined && !['file', 'http', 'https', 'oci'].includes(scheme)) {
      check.report('MW0232', [...path, 'url'], `URL scheme "${scheme}" is not supported. Use oci://, https://, http:// or file://.`);
    }
  }
  if (typeof wasm.sha256 === 'string' && wasm.sha256 !== '' && !/^[0-9a-f]{64}$/.test(wasm.sha256)) {
    check.report('MW0232', [...path, 'sha256'], 'sha256 must be 64 lower-case hex characters (the module digest).');
  }
  if (typeof wasm.imagePullSecret === 'string' && wasm.imagePullSecret.length > 253) check.report('MW0232', [...path, 'imagePullSecret'], 'imagePullSecret is longer than 253 characters.');
  if (typeof wasm.pluginName === 'string' && wasm.pluginName.length > 256) check.report('MW0232', [...path, 'pluginName'], 'pluginName is longer than 256 characters.');
  const vmConfig = wasm.vmConfig;
  if (!isObject(vmConfig)) return;
  const names = new Set<string>();
  asArray(vmConfig.env).forEach((env, index) => {
    if (!isObject(env)) return;
    const envPath = [...path, 'vmConfig', 'env', index];
    if (typeof env.name !== 'string' || env.name === '') check.report('MW0232', envPath, 'An env entry needs a name.', 'key');
    else {
      if (env.name.length > 256) check.report('MW0232', [...envPath, 'name'], 'The env name is longer than 256 characters.');
      if (names.has(env.name)) check.report('MW0232', [...envPath, 'name'], `Env variable "${env.name}" is defined twice. Remove the duplicate.`);
      names.add(env.name);
    }
    if (env.valueFrom === 'HOST' && isSet(env.value)) check.report('MW0232', [...envPath, 'value'], 'value is only used with valueFrom INLINE; with HOST the value comes from the proxy\'s environment. Remove value.', 'key');
  });
}

export const wasmPluginPlugin = webhookAnalyzer({
  name: 'wasmPlugin/plugin',
  description: 'Wasm plugins and traffic extensions have valid modules, environment, targets and match ports.',
  kinds: ['WasmPlugin', 'TrafficExtension'],
  codes: ['MW0232', 'MW0204', 'MW0206', 'MW0205', 'MW0262'],
  check(check) {
    const spec = check.spec;
    check.policyTarget();
    if (check.resource.kind === 'WasmPlugin') checkWasm(check, spec, ['spec']);
    else {
      if (isSet(spec.wasm) === isSet(spec.lua)) check.report('MW0232', ['spec'], 'A TrafficExtension needs exactly one of wasm or lua.', 'key');
      if (isObject(spec.wasm)) checkWasm(check, spec.wasm, ['spec', 'wasm']);
      if (isObject(spec.lua)) {
        const code = spec.lua.inlineCode;
        if (!isSet(code)) check.report('MW0232', ['spec', 'lua'], 'lua needs non-empty inlineCode.', 'key');
        else if (typeof code === 'string' && new TextEncoder().encode(code).length > 64 * 1024) check.report('MW0232', ['spec', 'lua', 'inlineCode'], 'inlineCode is larger than 64 KiB. Ship large filters as Wasm.');
      }
    }
    asArray(spec.match).forEach((match, index) => {
      if (!isObject(match)) return;
      asArray(match.ports).forEach((port, portIndex) => {
        const portPath = ['spec', 'match', index, 'ports', portIndex];
        if (!isObject(port)) check.report('MW0204', portPath, 'This port selector is empty. Add number: ….');
        else check.port(port, portPath, 'number');
      });
    });
  },
});
