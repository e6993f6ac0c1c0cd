// The list of every analyzer Meshwright runs. Add each new analyzer here (a tidy test checks it).
import type { Analyzer, ResourceAnalyzer } from './types.ts';
import { CROSS_RESOURCE_ANALYZERS } from './crossResourceAnalyzers.ts';
// Istio's admission-webhook semantics (reference §3) and the CRDs' CEL rules: single-resource analyzers.
import { authorizationPolicyConditions } from './analyzers/authorizationPolicy/conditions.ts';
import { authorizationPolicyCustom } from './analyzers/authorizationPolicy/custom.ts';
import { authorizationPolicyRules } from './analyzers/authorizationPolicy/rules.ts';
import { authorizationPolicyTarget } from './analyzers/authorizationPolicy/target.ts';
import { annotations } from './analyzers/common/annotations.ts';
import { exportTo } from './analyzers/common/exportTo.ts';
import { destinationRuleClientTls } from './analyzers/destinationRule/clientTls.ts';
import { destinationRuleHost } from './analyzers/destinationRule/host.ts';
import { destinationRuleLocalityLb } from './analyzers/destinationRule/localityLb.ts';
import { destinationRuleSubsets } from './analyzers/destinationRule/subsets.ts';
import { destinationRuleTrafficPolicy } from './analyzers/destinationRule/trafficPolicy.ts';
import { destinationRuleWorkloadSelector } from './analyzers/destinationRule/workloadSelector.ts';
import { envoyFilterPatches } from './analyzers/envoyFilter/patches.ts';
import { envoyFilterUnstable } from './analyzers/envoyFilter/unstable.ts';
import { gatewayName } from './analyzers/gateway/name.ts';
import { gatewayServerHosts } from './analyzers/gateway/serverHosts.ts';
import { gatewayServerPort } from './analyzers/gateway/serverPort.ts';
import { gatewayServerTls } from './analyzers/gateway/serverTls.ts';
import { peerAuthenticationPortLevelMtls } from './analyzers/peerAuthentication/portLevelMtls.ts';
import { proxyConfigSettings } from './analyzers/proxyConfig/settings.ts';
import { requestAuthenticationJwtRules } from './analyzers/requestAuthentication/jwtRules.ts';
import { requestAuthenticationTarget } from './analyzers/requestAuthentication/target.ts';
import { serviceEntryHosts } from './analyzers/serviceEntry/hosts.ts';
import { serviceEntryPorts } from './analyzers/serviceEntry/ports.ts';
import { serviceEntryResolution } from './analyzers/serviceEntry/resolution.ts';
import { serviceEntryWorkloadSelector } from './analyzers/serviceEntry/workloadSelector.ts';
import { sidecarEgress } from './analyzers/sidecar/egress.ts';
import { sidecarIngress } from './analyzers/sidecar/ingress.ts';
import { sidecarOutboundTrafficPolicy } from './analyzers/sidecar/outboundTrafficPolicy.ts';
import { sidecarWorkloadSelector } from './analyzers/sidecar/workloadSelector.ts';
import { telemetryMetrics } from './analyzers/telemetry/metrics.ts';
import { telemetryProviders } from './analyzers/telemetry/providers.ts';
import { telemetryTracing } from './analyzers/telemetry/tracing.ts';
import { virtualServiceCors } from './analyzers/virtualService/cors.ts';
import { virtualServiceDestinations } from './analyzers/virtualService/destinations.ts';
import { virtualServiceDirectResponse } from './analyzers/virtualService/directResponse.ts';
import { virtualServiceFault } from './analyzers/virtualService/fault.ts';
import { virtualServiceGateways } from './analyzers/virtualService/gateways.ts';
import { virtualServiceHeaders } from './analyzers/virtualService/headers.ts';
import { virtualServiceHosts } from './analyzers/virtualService/hosts.ts';
import { virtualServiceHttpMatch } from './analyzers/virtualService/httpMatch.ts';
import { virtualServiceHttpRouteAction } from './analyzers/virtualService/httpRouteAction.ts';
import { virtualServiceIneffectiveMatch } from './analyzers/virtualService/ineffectiveMatch.ts';
import { virtualServiceMirror } from './analyzers/virtualService/mirror.ts';
import { virtualServiceRedirectRewrite } from './analyzers/virtualService/redirectRewrite.ts';
import { virtualServiceRetries } from './analyzers/virtualService/retries.ts';
import { virtualServiceTcpRoutes } from './analyzers/virtualService/tcpRoutes.ts';
import { virtualServiceTlsRoutes } from './analyzers/virtualService/tlsRoutes.ts';
import { virtualServiceUnreachableRule } from './analyzers/virtualService/unreachableRule.ts';
import { wasmPluginPlugin } from './analyzers/wasmPlugin/plugin.ts';
import { workloadEntryAddress } from './analyzers/workloadEntry/address.ts';
import { workloadEntryPortsAndLabels } from './analyzers/workloadEntry/portsAndLabels.ts';
import { workloadGroupProbe } from './analyzers/workloadGroup/probe.ts';
import { workloadGroupTemplate } from './analyzers/workloadGroup/template.ts';
import { crdRules } from './analyzers/cel/crdRules.ts';

/** The single-resource webhook and CEL analyzers (also run on their own by test/unit/webhook.test.ts). */
export const WEBHOOK_ANALYZERS: readonly ResourceAnalyzer[] = [
  authorizationPolicyConditions,
  authorizationPolicyCustom,
  authorizationPolicyRules,
  authorizationPolicyTarget,
  annotations,
  exportTo,
  destinationRuleClientTls,
  destinationRuleHost,
  destinationRuleLocalityLb,
  destinationRuleSubsets,
  destinationRuleTrafficPolicy,
  destinationRuleWorkloadSelector,
  envoyFilterPatches,
  envoyFilterUnstable,
  gatewayName,
  gatewayServerHosts,
  gatewayServerPort,
  gatewayServerTls,
  peerAuthenticationPortLevelMtls,
  proxyConfigSettings,
  requestAuthenticationJwtRules,
  requestAuthenticationTarget,
  serviceEntryHosts,
  serviceEntryPorts,
  serviceEntryResolution,
  serviceEntryWorkloadSelector,
  sidecarEgress,
  sidecarIngress,
  sidecarOutboundTrafficPolicy,
  sidecarWorkloadSelector,
  telemetryMetrics,
  telemetryProviders,
  telemetryTracing,
  virtualServiceCors,
  virtualServiceDestinations,
  virtualServiceDirectResponse,
  virtualServiceFault,
  virtualServiceGateways,
  virtualServiceHeaders,
  virtualServiceHosts,
  virtualServiceHttpMatch,
  virtualServiceHttpRouteAction,
  virtualServiceIneffectiveMatch,
  virtualServiceMirror,
  virtualServiceRedirectRewrite,
  virtualServiceRetries,
  virtualServiceTcpRoutes,
  virtualServiceTlsRoutes,
  virtualServiceUnreachableRule,
  wasmPluginPlugin,
  workloadEntryAddress,
  workloadEntryPortsAndLabels,
  workloadGroupProbe,
  workloadGroupTemplate,
  crdRules,
];

export const ANALYZERS: readonly Analyzer[] = [...CROSS_RESOURCE_ANALYZERS, ...WEBHOOK_ANALYZERS];
