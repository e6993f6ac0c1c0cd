// Versions shown to users: Meshwright's own (from package.json) and the Istio release its schemas come from.
import manifest from '../../../package.json' with { type: 'json' };

export const SERVER_VERSION: string = manifest.version;
/** Must match the istio.io/api module version pinned in scripts/schemas.mjs (checked by test/tidy.test.ts). */
export const ISTIO_RELEASE = '1.31';
