// Purpose: entry point of the `meshwright` command line; dispatches on the subcommand.

import { runApplyCommand } from './apply.ts';
import { runAnalyze } from './analyze.ts';
import { runRoute, runTestRoutes } from './route.ts';

const VERSION = '0.1.0';

export async function main(args: string[]): Promise<number> {
  const [command] = args;
  switch (command) {
    case '--version':
    case 'version':
      process.stdout.write(`meshwright ${VERSION}\n`);
      return 0;
    case 'analyze':
      return runAnalyze(args.slice(1), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    case 'route':
      return runRoute(args.slice(1), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    case 'test-routes':
      return runTestRoutes(args.slice(1), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    case 'apply':
    case 'diff':
      return runApplyCommand(args, { stdout: process.stdout, stderr: process.stderr });
    default:
      process.stderr.write('usage: meshwright <analyze|route|test-routes|apply|diff> [options] <files…> | meshwright --version\n');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`meshwright: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
