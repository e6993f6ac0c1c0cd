// Public surface of the model layer: text → YAML documents → Kubernetes resources, plus the locator.
export * from './types.ts';
export { YamlFile, MAX_FILE_SIZE, type TextEdit } from './yamlFile.ts';
export { parseYamlDocument, parsePlainYaml, readHeader, findExcessiveNesting, MAX_NESTING_DEPTH, MAX_ALIAS_EXPANSION } from './parse.ts';
export { splitDocuments, fingerprint, lineStarts, positionAt } from './text.ts';
export { locate, spanOf, pathAt, valueAt, formatPath, type Location, type PathAtOffset } from './locate.ts';
