// `meshwright route` — which route a request takes (VirtualService http/tls/tcp route, or Gateway API
// HTTPRoute/GRPCRoute rule, TLSRoute or TCPRoute; JSON out), and
// `meshwright test-routes <dir>` — runs the route test cases saved as `*.routes.yaml` next to the config,
// printing a readable report; exit 1 when any case fails, 2 on usage or I/O errors.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { YamlFile } from '../model/index.ts';
import { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { simulateRequest, type SimulatedRequest } from '../ide/simulate.ts';
import { readRouteCases, runRouteCase } from '../ide/routeTests.ts';
import { describeSimulationHit } from '../../../protocol/webview.ts';
import { parseIp } from '../ide/simulateShared.ts';
import { collectYamlFiles } from './files.ts';

export interface RouteIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const ROUTE_USAGE = `usage: meshwright route <files or dirs…> --host H [--port N] [--method M] [--path P] [--header k=v]… [--query k=v]…
                       [--scheme S] [--authority A] [--gateway G] [--source-label k=v]… [--source-namespace NS]
                       [--protocol http|grpc|tls|tcp] [--sni NAME] [--destination-ip IP]
--gateway takes an Istio Gateway or a Kubernetes Gateway API Gateway (ns/name, or a bare name); --sni implies
--protocol tls; --protocol grpc sends an HTTP/2 POST to --path /<service>/<method> (HTTPRoutes and GRPCRoutes).
Prints JSON: {match, protocol, virtualService, httpRouteIndex|tlsRouteIndex|tcpRouteIndex, delegate,
route, destinations, candidates} for VirtualServices, {match, protocol, httpRoute|grpcRoute|tlsRoute|tcpRoute, ruleIndex, matchIndex,
rule, parent, destinations, candidates} for Gateway API routes, plus reason, notes and hidden (see docs/simulator.md).
Exit 0 when a route matches, 1 when none does, 2 on usage errors.
`;

const TEST_USAGE = `usage: meshwright test-routes <dir> [more dirs or files…]
Loads every *.yaml/*.yml (except *.routes.yaml) as configuration and runs the cases of every *.routes.yaml:
  cases:
    - name: jason sees reviews v2
      request: {host: reviews, sourceNamespace: bookinfo, headers: {end-user: jason}}
      expect: {virtualService: bookinfo/reviews, httpRouteIndex: 0, destination: {host: reviews, subset: v2}}
request takes the route flags' names (host, port, method, path, headers, query, gateway, sourceLabels,
sourceNamespace, protocol, sni, destinationIp…); expect keys are documented in docs/simulator.md.
Exit 0 when all pass, 1 when any fails, 2 on usage or I/O errors.
`;

const ROUTE_CASES = /\.routes\.ya?ml$/i;

function loadIndex(files: readonly string[]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const file of files) {
    const yaml = new YamlFile(pathToFileURL(path.resolve(file)).href, fs.readFileSync(file, 'utf8'));
    index.setFile(yaml.uri, yaml.resources);
  }
  return index;
}

function pair(text: string): [string, string] | undefined {
  const eq = text.indexOf('=');
  return eq > 0 ? [text.slice(0, eq), text.slice(eq + 1)] : undefined;
}

export async function runRoute(args: readonly string[], io: RouteIO): Promise<number> {
  const inputs: string[] = [];
  const request: Partial<SimulatedRequest> = {};
  const maps = { headers: {} as Record<string, string>, query: {} as Record<string, string>, sourceLabels: {} as Record<string, string> };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string | undefined => args[++i];
    const flag = arg.includes('=') && arg.startsWith('--') ? arg.slice(0, arg.indexOf('=')) : arg;
    const inline = arg.includes('=') && arg.startsWith('--') ? arg.slice(arg.indexOf('=') + 1) : undefined;
    const next = () => inline ?? value();
    switch (flag) {
      case '--help':
      case '-h':
        io.stdout(ROUTE_USAGE);
        return 0;
      case '--host': request.host = next(); break;
      case '--path': request.path = next(); break;
      case '--method': request.method = next(); break;
      case '--gateway': request.gateway = next(); break;
      case '--source-namespace': request.sourceNamespace = next(); break;
      case '--authority': request.authority = next(); break;
      case '--scheme': request.scheme = next(); break;
      case '--sni': request.sni = next(); break;
      case '--protocol': {
        const protocol = (next() ?? '').toLowerCase();
        if (protocol !== 'http' && protocol !== 'grpc' && protocol !== 'tls' && protocol !== 'tcp') return usage(io, ROUTE_USAGE, '--protocol needs http, grpc, tls or tcp');
        request.protocol = protocol;
        break;
      }
      case '--destination-ip': {
        const ip = next() ?? '';
        if (!parseIp(ip)) return usage(io, ROUTE_USAGE, '--destination-ip needs an IPv4 or IPv6 address');
        request.destinationIp = ip;
        break;
      }
      case '--port': {
        const port = Number(next());
        if (!Number.isInteger(port) || port < 1 || port > 65535) return usage(io, ROUTE_USAGE, '--port needs a number between 1 and 65535');
        request.port = port;
        break;
      }
      case '--header':
      case '--query':
      case '--source-label': {
        const kv = pair(next() ?? '');
        if (!kv) return usage(io, ROUTE_USAGE, `${flag} needs key=value`);
        const target = flag === '--header' ? maps.headers : flag === '--query' ? maps.query : maps.sourceLabels;
        target[kv[0]] = kv[1];
        break;
      }
      default:
        if (arg.startsWith('-')) return usage(io, ROUTE_USAGE, `unknown option ${arg}`);
        inputs.push(arg);
    }
  }
  if (!request.host) return usage(io, ROUTE_USAGE, '--host is required');
  if (request.sni !== undefined && request.protocol !== undefined && request.protocol !== 'tls') {
    return usage(io, ROUTE_USAGE, `--sni is for TLS requests, not --protocol ${request.protocol}`);
  }
  if (inputs.length === 0) return usage(io, ROUTE_USAGE, 'give at least one file or directory');
  for (const [key, map] of Object.entries(maps)) if (Object.keys(map).length) (request as Record<string, unknown>)[key] = map;
  let files: string[];
  try {
    files = collectYamlFiles(inputs).filter((f) => !ROUTE_CASES.test(f));
  } catch (error) {
    io.stderr(`meshwright route: ${(error as Error).message}\n`);
    return 2;
  }
  const result = simulateRequest(loadIndex(files), request as SimulatedRequest);
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return result.match ? 0 : 1;
}

export async function runTestRoutes(args: readonly string[], io: RouteIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(TEST_USAGE);
    return 0;
  }
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown) return usage(io, TEST_USAGE, `unknown option ${unknown}`);
  if (args.length === 0) return usage(io, TEST_USAGE, 'give a directory');
  let files: string[];
  try {
    files = collectYamlFiles(args);
  } catch (error) {
    io.stderr(`meshwright test-routes: ${(error as Error).message}\n`);
    return 2;
  }
  const caseFiles = files.filter((f) => ROUTE_CASES.test(f));
  if (caseFiles.length === 0) {
    io.stderr('meshwright test-routes: no *.routes.yaml files found\n');
    return 2;
  }
  const index = loadIndex(files.filter((f) => !ROUTE_CASES.test(f)));
  let passed = 0;
  let failed = 0;
  for (const file of caseFiles) {
    io.stdout(`${path.relative(process.cwd(), file) || file}\n`);
    let value: unknown;
    try {
      value = YAML.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      io.stdout(`  ✘ cannot read: ${(error as Error).message}\n`);
      failed++;
      continue;
    }
    const { cases, problems } = readRouteCases(value);
    for (const problem of problems) {
      io.stdout(`  ✘ ${problem}\n`);
      failed++;
    }
    for (const testCase of cases) {
      const outcome = runRouteCase(index, testCase);
      if (outcome.passed) {
        passed++;
        io.stdout(`  ✔ ${testCase.name} → ${describeSimulationHit(outcome.result)}\n`);
      } else {
        failed++;
        io.stdout(`  ✘ ${testCase.name}\n`);
        for (const failure of outcome.failures) io.stdout(`      ${failure}\n`);
      }
    }
  }
  io.stdout(`\n${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

function usage(io: RouteIO, text: string, message: string): number {
  io.stderr(`meshwright: ${message}\n${text}`);
  return 2;
}
