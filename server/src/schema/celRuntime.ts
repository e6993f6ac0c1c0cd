// The parts of CEL evaluation that need the CEL library (@bufbuild/cel): the environment with the Kubernetes
// library functions the CRDs' rules call, and parsing/planning. Loaded on first use by cel.ts (celRuntime()).
import { celEnv, celFunc, celMethod, CelScalar, mapType } from '@bufbuild/cel';
import type { CelEnv } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

export { isCelError, parse, plan } from '@bufbuild/cel';

const URL_TYPE = mapType(CelScalar.STRING, CelScalar.STRING);
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** Go's url.ParseRequestURI, reduced to what the rules ask: is it a URL, and what is its scheme. */
function parseRequestUri(text: string): { scheme: string; host: string; path: string } | undefined {
  if (text === '' || /[\s\u0000-\u001f\u007f]/.test(text)) return undefined;
  const scheme = SCHEME.exec(text);
  if (!scheme) return text.startsWith('/') ? { scheme: '', host: '', path: text } : undefined;
  const rest = text.slice(scheme[0].length);
  if (!rest.startsWith('/') && rest !== '' && !rest.startsWith('//')) {
    // Opaque URLs (mailto:x) are accepted by Go as well.
    return { scheme: scheme[1]!.toLowerCase(), host: '', path: rest };
  }
  const authority = rest.startsWith('//') ? rest.slice(2).split(/[/?#]/)[0]! : '';
  if (/[^A-Za-z0-9\-._~%!$&'()*+,;=:@[\]]/.test(authority)) return undefined;
  return { scheme: scheme[1]!.toLowerCase(), host: authority.replace(/^[^@]*@/, ''), path: rest.slice(authority.length + 2) };
}

/** Kubernetes' CEL library functions used by the CRDs we ship rules for. */
const KUBERNETES_FUNCS = [
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (text) => parseRequestUri(text) !== undefined),
  celFunc('url', [CelScalar.STRING], URL_TYPE, (text) => {
    const parsed = parseRequestUri(text);
    if (!parsed) throw new Error(`URL parse error during conversion from string: ${text}`);
    return new Map([['scheme', parsed.scheme], ['host', parsed.host], ['path', parsed.path]]);
  }),
  celMethod('getScheme', URL_TYPE, [], CelScalar.STRING, function () {
    return String(this.get('scheme') ?? '');
  }),
  celMethod('getHost', URL_TYPE, [], CelScalar.STRING, function () {
    return String(this.get('host') ?? '');
  }),
  celMethod('getEscapedPath', URL_TYPE, [], CelScalar.STRING, function () {
    return String(this.get('path') ?? '');
  }),
];

/** A CEL environment with the strings extension, the Kubernetes functions above and the given regex compiler. */
export function kubernetesCelEnv(re2: { compile(pattern: string): { test(text: string): boolean } }): CelEnv {
  return celEnv({ funcs: [...strings, ...KUBERNETES_FUNCS], re2 });
}
