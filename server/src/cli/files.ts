// Expands the CLI's file and folder arguments into the YAML files to read.
import fs from 'node:fs';
import path from 'node:path';

/** YAML files under the inputs: folders searched recursively (sorted; hidden folders and node_modules skipped). */
export function collectYamlFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    // Joined once per folder: entry names never hold separators, '.' or '..', so plain concatenation is exact.
    const prefix = path.join(folder, path.sep);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = prefix + entry.name;
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
    }
  };
  for (const input of inputs) {
    if (fs.statSync(input).isDirectory()) walk(input);
    else out.push(input);
  }
  return [...new Set(out)];
}
