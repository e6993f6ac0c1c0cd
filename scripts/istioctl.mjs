#!/usr/bin/env node
// Purpose: build the real istioctl once (cached under ~/.cache/meshwright/istioctl/) for the differential
// analysis tests and the analysis benchmark. Idempotent: prints the binary path; rebuilds only when missing.
// Usage: node scripts/istioctl.mjs [--quiet]   (as a module: `ensureIstioctl()` returns the path)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Istio's release tags are not on the module proxy; this pseudo-version is istio/istio master of 2026-08-27.
export const ISTIO_VERSION = 'v0.0.0-20260827124520-eed52ebb66ad';
const GO = fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const ROOT = process.env.MESHWRIGHT_ISTIOCTL_DIR ?? path.join(os.homedir(), '.cache', 'meshwright', 'istioctl');
const BIN_DIR = path.join(ROOT, ISTIO_VERSION);
export const ISTIOCTL = path.join(BIN_DIR, 'istioctl');

/** Path of the cached istioctl binary, or undefined when it has not been built yet. */
export function cachedIstioctl() {
  return fs.existsSync(ISTIOCTL) ? ISTIOCTL : undefined;
}

/** Builds istioctl when missing (about 10 minutes on 2 cores the first time) and returns its path. */
export function ensureIstioctl({ quiet = false } = {}) {
  if (cachedIstioctl()) return ISTIOCTL;
  fs.mkdirSync(BIN_DIR, { recursive: true });
  if (!quiet) process.stderr.write(`[istioctl] building istio.io/istio/istioctl ${ISTIO_VERSION} into ${BIN_DIR}\n`);
  const result = spawnSync(GO, ['install', `istio.io/istio/istioctl/cmd/istioctl@${ISTIO_VERSION}`], {
    stdio: quiet ? 'pipe' : 'inherit',
    env: { ...process.env, GOBIN: BIN_DIR, GOFLAGS: '-mod=mod -buildvcs=false', CGO_ENABLED: '0' },
    cwd: os.tmpdir(),
  });
  if (result.status !== 0 || !fs.existsSync(ISTIOCTL)) {
    const detail = quiet ? String(result.stderr ?? '').slice(-2000) : '';
    throw new Error(`go install istioctl failed (exit ${result.status}) ${detail}`);
  }
  return ISTIOCTL;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureIstioctl({ quiet: process.argv.includes('--quiet') }));
  } catch (error) {
    console.error(String(error.message ?? error));
    process.exit(1);
  }
}
