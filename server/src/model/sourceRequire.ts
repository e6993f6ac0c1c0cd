// The fallback half of loading heavy parts on first use (ARCHITECTURE.md): each such module calls a literal
// require(), which esbuild bundles as a lazily evaluated module; plain Node running the TypeScript sources has
// no require in ES modules, so it comes here for one made relative to the calling module.

/** Loads `id` with Node's require, resolved from the module at `base` (the caller's import.meta.url). */
export function requireFromSource(base: string, id: string): unknown {
  return process.getBuiltinModule('node:module').createRequire(base)(id);
}
