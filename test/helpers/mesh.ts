// Test helper: loads YAML fixture files into YamlFiles and a WorkspaceIndex, the way the server does.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { YamlFile } from '../../server/src/model/index.ts';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex.ts';

export interface LoadedMesh {
  files: YamlFile[];
  index: WorkspaceIndex;
}

/** Reads files from disk (uris are file: URLs) into one index. */
export function loadMesh(paths: readonly string[]): LoadedMesh {
  return meshFromTexts(paths.map((file) => ({ uri: pathToFileURL(file).href, text: readFileSync(file, 'utf8') })));
}

/** Builds an index from in-memory texts. */
export function meshFromTexts(texts: readonly { uri: string; text: string }[]): LoadedMesh {
  const index = new WorkspaceIndex();
  const files = texts.map(({ uri, text }) => new YamlFile(uri, text));
  for (const file of files) index.setFile(file.uri, file.resources);
  return { files, index };
}
