// Purpose: entry point of the `meshwright` command line; dispatches on the subcommand.

// Subcommands are imported lazily so that each command only loads (and pays start-up time for) what it uses.

const VERSION = '0.1.0';

export async function main(args: string[]): Promise<number> {
  const [command] = args;
  switch (command) {
    case '--version':
    case 'version':
      process.stdout.write(`meshwright ${VERSION}\n`);
      return 0;
    case 'analyze':
      return (await import('./analyze.ts')).runAnalyze(args.slice(1), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    case 'route':
      return (await import('./route.ts')).runRoute(args.slice(1), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    case 'test-routes':
      return (await import('./route.ts')).runTestRoutes(args.slice(1), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    case 'apply':
    case 'diff':
      return (await import('./apply.ts')).runApplyCommand(args, { stdout: process.stdout, stderr: process.stderr });
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
