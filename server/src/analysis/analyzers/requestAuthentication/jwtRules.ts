// JWT rules (reference §3.10.2): audiences, issuer/jwksUri, inline JWKS (and private keys in it), token
// locations, claim-to-header outputs and the fetch timeout.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isObject, isSet } from '../../webhook/values.ts';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

export const requestAuthenticationJwtRules = webhookAnalyzer({
  name: 'requestAuthentication/jwtRules',
  description: 'JWT rules have an issuer or JWKS URI, valid inline keys, token locations and claim headers.',
  kinds: ['RequestAuthentication'],
  codes: ['MW0229', 'MW0201', 'MW0270'],
  check(check) {
    asArray(check.spec.jwtRules).forEach((rule, index) => {
      const path = ['spec', 'jwtRules', index];
      if (!isObject(rule)) return;
      asArray(rule.audiences).forEach((audience, audienceIndex) => {
        if (audience === '' || audience === null) check.report('MW0229', [...path, 'audiences', audienceIndex], 'An audience is empty. Remove it or give the expected aud value.');
      });
      if (!isSet(rule.issuer) && !isSet(rule.jwksUri)) check.report('MW0229', path, 'A JWT rule needs an issuer (or at least a jwksUri). Add issuer: https://….', 'key');
      if (typeof rule.jwksUri === 'string' && !/^https?:\/\//i.test(rule.jwksUri)) {
        check.report('MW0229', [...path, 'jwksUri'], `jwksUri "${rule.jwksUri}" must be an http:// or https:// URL.`);
      }
      if (typeof rule.jwks === 'string') {
        let keys: unknown;
        try {
          const parsed = JSON.parse(rule.jwks) as unknown;
          keys = isObject(parsed) ? parsed.keys : undefined;
        } catch {
          keys = undefined;
        }
        if (!Array.isArray(keys)) check.report('MW0229', [...path, 'jwks'], 'jwks is not a JSON Web Key Set ({"keys": [ … ]}). Paste the JWKS JSON, or use jwksUri.');
        else if (keys.some((key) => isObject(key) && PRIVATE_MEMBERS.some((member) => member in key))) {
          check.report('MW0270', [...path, 'jwks'], 'jwks contains private key material (d, p, q, k, …). Publish only the public keys.');
        }
      }
      asArray(rule.fromHeaders).forEach((header, headerIndex) => {
        if (isObject(header) && !isSet(header.name)) check.report('MW0229', [...path, 'fromHeaders', headerIndex], 'A fromHeaders entry needs a name (e.g. Authorization).', 'key');
      });
      for (const key of ['fromParams', 'fromCookies']) {
        asArray(rule[key]).forEach((value, valueIndex) => {
          if (value === '' || value === null) check.report('MW0229', [...path, key, valueIndex], `A ${key} entry is empty. Remove it or name the ${key === 'fromParams' ? 'query parameter' : 'cookie'}.`);
        });
      }
      asArray(rule.outputClaimToHeaders).forEach((output, outputIndex) => {
        if (!isObject(output)) return;
        const outputPath = [...path, 'outputClaimToHeaders', outputIndex];
        if (!isSet(output.claim) || !isSet(output.header)) check.report('MW0229', outputPath, 'outputClaimToHeaders needs both claim and header.', 'key');
        else if (typeof output.header === 'string' && !/^[-_A-Za-z0-9]+$/.test(output.header)) {
          check.report('MW0229', [...outputPath, 'header'], `Header name "${output.header}" may contain only letters, digits, '-' and '_'.`);
        }
      });
      check.duration(rule, path, 'timeout');
    });
  },
});
