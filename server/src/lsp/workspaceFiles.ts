// Finds and reads the YAML files of the workspace folders, in small batches so the server keeps answering.
import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MAX_FILE_SIZE } from '../model/index.ts';

/** Folders never worth indexing. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.cache', 'vendor', 'test-output']);
/** Upper bound on files indexed per workspace (protects the server on huge monorepos). */
export const MAX_WORKSPACE_FILES = 20_000;

export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function isYamlPath(file: string): boolean {
  return file.endsWith('.yaml') || file.endsWith('.yml');
}

/** Reads every YAML file under the folders and hands it to `accept`; returns how many were read. */
export async function scanWorkspace(folders: readonly string[], accept: (uri: string, text: string) => void): Promise<number> {
  let count = 0;
  const queue = [...folders];
  while (queue.length && count < MAX_WORKSPACE_FILES) {
    const folder = queue.shift()!;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) queue.push(full);
      } else if (entry.isFile() && isYamlPath(entry.name)) {
        try {
          if ((await stat(full)).size > MAX_FILE_SIZE) continue;
          accept(pathToFileURL(full).toString(), await readFile(full, 'utf8'));
          count++;
        } catch {
          // Unreadable files are skipped; they get diagnostics once opened in the editor.
        }
      }
    }
    // Let pending requests run between folders.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return count;
}

/** The text of a workspace YAML file, or undefined when it is gone, too large or outside the folders. */
export function readFileIfYaml(uri: string, folders: readonly string[]): string | undefined {
  const file = uriToPath(uri);
  if (!file || !isYamlPath(file)) return undefined;
  if (!folders.some((folder) => file.startsWith(folder + path.sep))) return undefined;
  try {
    if (statSync(file).size > MAX_FILE_SIZE) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
