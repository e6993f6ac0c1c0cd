// Server-side TLS rules shared by Gateway servers and Sidecar ingress listeners (reference §3.2.7–15, §3.8.5).
import type { ObjectPath } from '../../model/types.ts';
import type { Check } from './check.ts';
import { asArray, isHttpProtocol, isObject, isSet, isTlsProtocol } from './values.ts';

/** Cipher suites Envoy/BoringSSL accepts in Istio's `cipherSuites`. */
const CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
  '[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]', '[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]',
]);

const CERT_FIELDS = ['serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'credentialName', 'credentialNames'];
const PASSTHROUGH_IGNORED = [...CERT_FIELDS, 'caCrl'];

/**
 * Checks a server's `tls` against its port protocol. `serverPath` points at the server/listener;
 * `sidecar` applies the Sidecar ingress restrictions first.
 */
export function checkServerTls(check: Check, server: Record<string, unknown>, serverPath: ObjectPath, sidecar: boolean): void {
  const port = isObject(server.port) ? server.port : {};
  const protocol = port.protocol;
  const tls = server.tls;
  const tlsPath = [...serverPath, 'tls'];
  const protocolPath = [...serverPath, 'port', 'protocol'];

  if (!isObject(tls)) {
    if (isTlsProtocol(protocol)) {
      check.report('MW0211', protocolPath, `Protocol ${String(protocol)} needs a tls block. Add tls (e.g. mode: SIMPLE with credentialName), or use protocol HTTP/TCP.`);
    }
    return;
  }
  if (sidecar) {
    const unsupported = ['subjectAltNames', 'httpsRedirect', 'credentialName', 'credentialNames', 'tlsCertificates'].filter((key) => isSet(tls[key]));
    for (const key of unsupported) {
      check.report('MW0211', [...tlsPath, key], `${key} is not supported on a Sidecar ingress listener. Remove it; use serverCertificate/privateKey/caCertificates files.`, 'key');
    }
    if (unsupported.length > 0) return;
    if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH') {
      check.report('MW0211', [...tlsPath, 'mode'], `TLS mode ${tls.mode} is not allowed on a Sidecar ingress listener. Use SIMPLE or MUTUAL.`);
      return;
    }
    if (!isTlsProtocol(protocol)) {
      check.report('MW0211', protocolPath.slice(0, -1), 'A Sidecar ingress listener with tls must use protocol HTTPS or TLS. Change port.protocol.', 'key');
      return;
    }
  } else if (typeof protocol === 'string' && !isTlsProtocol(protocol)) {
    // Istio: an HTTP server may keep a pass-through tls block (httpsRedirect) without certificate files;
    // any other non-TLS protocol may not have tls at all.
    const passThrough = tls.mode === undefined || tls.mode === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH';
    const files = ['caCertificates', 'privateKey', 'serverCertificate'].some((key) => isSet(tls[key]));
    if (!isHttpProtocol(protocol) || !passThrough || files) {
      check.report('MW0211', tlsPath, `A server with protocol ${protocol} cannot have TLS settings (an HTTP server may only set httpsRedirect). Use protocol HTTPS or TLS, or remove tls.`, 'key');
    }
  }
  if (tls.httpsRedirect === true && typeof protocol === 'string' && !isHttpProtocol(protocol)) {
    check.report('MW0261', [...tlsPath, 'httpsRedirect'], 'httpsRedirect only has an effect on an HTTP server. Move it to the plain-HTTP server.', 'key');
  }

  const cipherSuites = asArray(tls.cipherSuites);
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && cipherSuites.length === 0) {
    check.report('MW0263', [...tlsPath, 'minProtocolVersion'], `minProtocolVersion ${tls.minProtocolVersion} without cipherSuites allows weak default ciphers. Set cipherSuites explicitly, or use TLSV1_2 or newer.`);
  }
  const seen = new Set<unknown>();
  cipherSuites.forEach((suite, index) => {
    if (typeof suite !== 'string') return;
    if (!CIPHER_SUITES.has(suite)) check.report('MW0263', [...tlsPath, 'cipherSuites', index], `Unknown cipher suite "${suite}"; Envoy ignores it. Use an OpenSSL-style name such as ECDHE-RSA-AES128-GCM-SHA256.`);
    else if (seen.has(suite)) check.report('MW0263', [...tlsPath, 'cipherSuites', index], `Cipher suite "${suite}" is listed twice. Remove the duplicate.`);
    seen.add(suite);
  });

  const mode = typeof tls.mode === 'string' ? tls.mode : 'PASSTHROUGH';
  const certFieldsSet = CERT_FIELDS.filter((key) => isSet(tls[key]));
  if (mode === 'ISTIO_MUTUAL') {
    for (const key of certFieldsSet) {
      check.report('MW0211', [...tlsPath, key], `ISTIO_MUTUAL uses Istio's own certificates, so ${key} is not allowed. Remove it, or use mode MUTUAL.`, 'key');
    }
    return;
  }
  if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
    for (const key of PASSTHROUGH_IGNORED.filter((field) => isSet(tls[field]))) {
      check.report('MW0261', [...tlsPath, key], `${key} is ignored in ${mode} mode (TLS is not terminated here). Remove it, or use mode SIMPLE/MUTUAL.`, 'key');
    }
  }

  const sources = [
    isSet(tls.credentialName) ? 'credentialName' : undefined,
    isSet(tls.credentialNames) ? 'credentialNames' : undefined,
    isSet(tls.serverCertificate) && isSet(tls.privateKey) ? 'serverCertificate' : undefined,
    isSet(tls.tlsCertificates) ? 'tlsCertificates' : undefined,
  ].filter((source): source is string => source !== undefined);
  if (sources.length > 1) {
    check.report('MW0211', [...tlsPath, sources[1] === 'serverCertificate' && !isSet(tls.serverCertificate) ? 'privateKey' : sources[1]!], `Only one certificate source may be set, but ${sources.join(' and ')} are. Keep one of credentialName, credentialNames, serverCertificate+privateKey or tlsCertificates.`, 'key');
  }
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  const mutual = mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  const usesCredential = isSet(tls.credentialName) || isSet(tls.credentialNames);
  // With a credential the certificates come from the secret: Istio checks nothing more (not even caCrl).
  if (terminating && usesCredential) return;
  if (terminating) {
    if (isSet(tls.tlsCertificates)) {
      asArray(tls.tlsCertificates).forEach((certificate, index) => {
        if (!isObject(certificate)) return;
        for (const key of ['serverCertificate', 'privateKey']) {
          if (!isSet(certificate[key])) check.report('MW0211', [...tlsPath, 'tlsCertificates', index], `This certificate has no ${key}. Add ${key} (a file path).`, 'key');
        }
      });
    } else {
      for (const key of ['serverCertificate', 'privateKey']) {
        if (!isSet(tls[key])) check.report('MW0211', [...tlsPath, 'mode'], `${mode} TLS without credentialName needs ${key}. Add ${key}, or reference a secret with credentialName.`);
      }
    }
    if (mutual && !isSet(tls.caCertificates)) {
      check.report('MW0211', [...tlsPath, 'mode'], `${mode} TLS without credentialName needs caCertificates to verify clients. Add caCertificates, or use credentialName.`);
    }
  }
  if (terminating && asArray(tls.tlsCertificates).length > 2) {
    check.report('MW0270', [...tlsPath, 'tlsCertificates'], 'More than 2 tlsCertificates: Envoy uses at most one RSA and one ECDSA certificate. Keep two at most.', 'key');
  }
  if (isSet(tls.caCrl) && (usesCredential || mode === 'SIMPLE')) {
    check.report('MW0211', [...tlsPath, 'caCrl'], `caCrl is not allowed ${usesCredential ? 'with credentialName (put ca.crl into the secret)' : 'in SIMPLE mode (clients are not verified)'}. Remove it.`, 'key');
  }
}
