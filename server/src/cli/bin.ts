// Purpose: the `meshwright` executable (dist/cli.cjs). It turns on Node's on-disk compile cache and loads the
// real CLI (dist/cli/main.mjs, split into one chunk per subcommand) so that each run only loads and compiles
// the code its subcommand needs, and repeated runs skip compilation entirely.
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Node ≥ 22.1; a no-op when the cache directory cannot be written (the CLI then compiles as usual).
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const entry = pathToFileURL(path.join(__dirname, 'cli', 'main.mjs')).href;
import(entry).catch((error: unknown) => {
  process.stderr.write(`meshwright: cannot load ${entry}: ${(error as Error).message}\n`);
  process.exitCode = 2;
});
