// Public surface of the schema layer: bundled schemas by apiVersion/kind, validation, and schema lookups
// for completion and hover. Pure: the generated bundle is imported (and bundled by esbuild), never read.
export { knownKinds, kindInfo, kindsNamed, isKnownGroup, schemaFor, schemaById, splitApiVersion, SCHEMA_SOURCES, type KindInfo, type KindSchema, type SchemaNode, type CelRule } from './bundle.ts';
export { validateResource, validateDocument, precompileValidators } from './validate.ts';
export { applyDefaults } from './defaults.ts';
export { resolve, schemaAtPath, childSchema, propertiesOf, typesOf, typeLabel } from './walk.ts';
export { parseDuration, checkDuration, checkPort, checkQualifiedName, checkLabelValue, checkObjectName, closestMatch, editDistance } from './formats.ts';
