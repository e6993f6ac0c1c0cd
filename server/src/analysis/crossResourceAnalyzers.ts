// The cross-resource and mesh/Kubernetes-manifest analyzers (istioctl analyze's offline checks and Kiali-like
// checks): each reads the workspace index; the engine re-runs them when one of their input kinds changes.
import type { Analyzer } from './types.ts';
import { istioAnnotations } from './analyzers/annotations/istioAnnotations.ts';
import { namespaceExists } from './analyzers/authorizationPolicy/namespaceExists.ts';
import { applicationUid } from './analyzers/deployment/applicationUid.ts';
import { serviceAssociation } from './analyzers/deployment/serviceAssociation.ts';
import { deprecatedFields } from './analyzers/deprecation/deprecatedFields.ts';
import { caCertificates } from './analyzers/destinationRule/caCertificates.ts';
import { hostExists } from './analyzers/destinationRule/hostExists.ts';
import { patchOperations } from './analyzers/envoyFilter/patchOperations.ts';
import { conflictingGateways } from './analyzers/gateway/conflictingGateways.ts';
import { duplicateCertificate } from './analyzers/gateway/duplicateCertificate.ts';
import { selectorExists } from './analyzers/gateway/selectorExists.ts';
import { injection } from './analyzers/namespace/injection.ts';
import { portName } from './analyzers/service/portName.ts';
import { addressesRequired } from './analyzers/serviceEntry/addressesRequired.ts';
import { conflictingProtocol } from './analyzers/serviceEntry/conflictingProtocol.ts';
import { defaultSidecars } from './analyzers/sidecar/defaultSidecars.ts';
import { defaultTelemetries } from './analyzers/telemetry/defaultTelemetries.ts';
import { provider } from './analyzers/telemetry/provider.ts';
import { destinationHost } from './analyzers/virtualService/destinationHost.ts';
import { gatewayExists } from './analyzers/virtualService/gatewayExists.ts';
import { ingressSubset } from './analyzers/virtualService/ingressSubset.ts';
import { meshHostConflict } from './analyzers/virtualService/meshHostConflict.ts';
import { subsetExists } from './analyzers/virtualService/subsetExists.ts';
import { methods } from './analyzers/authorizationPolicy/methods.ts';
import { hostsExist } from './analyzers/authorizationPolicy/hostsExist.ts';
import { mtlsRequired } from './analyzers/authorizationPolicy/mtlsRequired.ts';
import { duplicateSubset } from './analyzers/destinationRule/duplicateSubset.ts';
import { subsetLabels } from './analyzers/destinationRule/subsetLabels.ts';
import { mtlsPeerAuthentication } from './analyzers/destinationRule/mtlsPeerAuthentication.ts';
import { mtlsDestinationRule } from './analyzers/peerAuthentication/mtlsDestinationRule.ts';
import { duplicateHostPort } from './analyzers/gateway/duplicateHostPort.ts';
import { portNames } from './analyzers/gateway/portNames.ts';
import { targetPortExposed } from './analyzers/service/targetPortExposed.ts';
import { egressHosts } from './analyzers/sidecar/egressHosts.ts';
import { routeDestinationChecks } from './analyzers/virtualService/routeDestinations.ts';
import { gatewayHostConflict } from './analyzers/virtualService/gatewayHostConflict.ts';
import { legacyGatewayReference } from './analyzers/virtualService/legacyGatewayReference.ts';
import { routeReferences } from './analyzers/httpRoute/references.ts';
import { listeners } from './analyzers/kubernetesGateway/listeners.ts';
import { referenceGrantNamespace } from './analyzers/referenceGrant/namespaceExists.ts';
import { duplicateLabels } from './analyzers/workloadGroup/duplicateLabels.ts';
import { mtlsOverridden } from './analyzers/destinationRule/mtlsOverridden.ts';
import { authorizationPolicyAmbientWaypoint } from './analyzers/authorizationPolicy/ambientWaypoint.ts';
import { destinationRuleAmbientWaypoint } from './analyzers/destinationRule/ambientWaypoint.ts';
import { virtualServiceAmbientWaypoint } from './analyzers/virtualService/ambientWaypoint.ts';
import { requestAuthenticationAmbientWaypoint } from './analyzers/requestAuthentication/ambientWaypoint.ts';
import { wasmPluginAmbientWaypoint } from './analyzers/wasmPlugin/ambientWaypoint.ts';
import { telemetryAmbientWaypoint } from './analyzers/telemetry/ambientWaypoint.ts';

export const CROSS_RESOURCE_ANALYZERS: readonly Analyzer[] = [
  istioAnnotations,
  namespaceExists,
  applicationUid,
  serviceAssociation,
  deprecatedFields,
  caCertificates,
  hostExists,
  patchOperations,
  conflictingGateways,
  duplicateCertificate,
  selectorExists,
  injection,
  portName,
  addressesRequired,
  conflictingProtocol,
  defaultSidecars,
  defaultTelemetries,
  provider,
  destinationHost,
  gatewayExists,
  ingressSubset,
  meshHostConflict,
  subsetExists,
  methods,
  hostsExist,
  mtlsRequired,
  duplicateSubset,
  subsetLabels,
  mtlsPeerAuthentication,
  mtlsDestinationRule,
  duplicateHostPort,
  portNames,
  targetPortExposed,
  egressHosts,
  routeDestinationChecks,
  gatewayHostConflict,
  legacyGatewayReference,
  routeReferences,
  listeners,
  referenceGrantNamespace,
  duplicateLabels,
  mtlsOverridden,
  authorizationPolicyAmbientWaypoint,
  destinationRuleAmbientWaypoint,
  virtualServiceAmbientWaypoint,
  requestAuthenticationAmbientWaypoint,
  wasmPluginAmbientWaypoint,
  telemetryAmbientWaypoint,
];
