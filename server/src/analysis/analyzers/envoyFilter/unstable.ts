// EnvoyFilter always draws Istio's warning (reference §3.15.1): it patches Envoy internals that change between
// releases, so upgrades can break it silently.
import { webhookAnalyzer } from '../../webhook/check.ts';

export const envoyFilterUnstable = webhookAnalyzer({
  name: 'envoyFilter/unstable',
  description: 'Warns that EnvoyFilter relies on unstable Envoy/Istio internals.',
  kinds: ['EnvoyFilter'],
  codes: ['MW0268'],
  check(check) {
    check.report('MW0268', ['kind'], 'EnvoyFilter patches Envoy configuration that Istio generates internally; it can break on any Istio upgrade. Prefer a first-class API (Telemetry, WasmPlugin, AuthorizationPolicy, …) and re-test on every upgrade.');
  },
});
