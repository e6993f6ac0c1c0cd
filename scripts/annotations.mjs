#!/usr/bin/env node
// Purpose: generate Meshwright's compact table of Istio's annotation registry (name, kinds it applies to,
// deprecated flag) from the Go module istio.io/api into schemas/generated/annotations.json (git-ignored).
// Used by the annotation analyzers (IST0107/IST0108/IST0125/IST0135). Idempotent; a no-op without the module.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ISTIO_API_VERSION = 'v1.31.4';
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = path.join(root, 'schemas', 'generated', 'annotations.json');

function moduleDir() {
  const gopath = process.env.GOPATH ?? path.join(os.homedir(), 'go');
  const modcache = process.env.GOMODCACHE ?? path.join(gopath, 'pkg', 'mod');
  return path.join(modcache, 'istio.io', `api@${ISTIO_API_VERSION}`);
}

export function generateAnnotations({ quiet = false } = {}) {
  const source = path.join(moduleDir(), 'annotation', 'annotations.yaml');
  if (!fs.existsSync(source)) {
    if (!fs.existsSync(output)) {
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify({ source: 'unavailable', annotations: [] }) + '\n');
    }
    if (!quiet) console.warn(`[annotations] ${source} not found (run: go mod download istio.io/api@${ISTIO_API_VERSION}); annotation checks disabled`);
    return;
  }
  const stat = fs.statSync(source);
  if (fs.existsSync(output) && fs.statSync(output).mtimeMs >= stat.mtimeMs && fs.statSync(output).size > 100) return;
  const registry = YAML.parse(fs.readFileSync(source, 'utf8'));
  const annotations = (registry.annotations ?? [])
    .map((a) => ({ name: a.name, kinds: a.resources ?? [], deprecated: a.deprecated === true }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, JSON.stringify({ source: `istio.io/api@${ISTIO_API_VERSION}`, annotations }) + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) generateAnnotations();
