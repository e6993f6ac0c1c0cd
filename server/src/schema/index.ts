// Public surface of the schema layer: bundled schemas by apiVersion/kind (or a cluster's CRD schemas laid over
// them), validation, and schema lookups for completion and hover. Pure: the generated bundle is imported
// (and bundled by esbuild), never read.
export { knownKinds, kindInfo, kindsNamed, isKnownGroup, schemaFor, schemaById, splitApiVersion, SCHEMA_SOURCES, SCHEMA_BUNDLE_STAMP, setSchemaOverlay, schemaOverlay, type KindInfo, type KindSchema, type SchemaNode, type CelRule, type SchemaOverlay } from './bundle.ts';
export { useClusterSchemas, clusterSchemaOverlay, istioVersionOf, type ClusterCrd } from './clusterSchemas.ts';
export { validateResource, validateDocument, precompileValidators, usePrecompiledValidators, validatorSource, type ValidatorFactory } from './validate.ts';
export { applyDefaults } from './defaults.ts';
export { resolve, schemaAtPath, childSchema, propertiesOf, typesOf, typeLabel } from './walk.ts';
export { parseDuration, checkDuration, checkPort, checkQualifiedName, checkLabelValue, checkObjectName, closestMatch, editDistance } from './formats.ts';
