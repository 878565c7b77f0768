// oktaplane's public surface: the components and tables a Pulumi program imports from the
// `oktaplane` package. Anything not exported here is internal and may change without notice.

export { ServiceApp, type ServiceAppArgs, type ServiceAppStackOutput } from "./serviceApp";
export type { ClientKeySpec, KeyAlgorithm } from "./serviceAppPlan";
export { ClientKey, type ClientKeyArgs } from "./clientKey";
export { AdminRoles, type AdminRolesArgs, type CustomRoleBinding } from "./adminRoles";
export { EventHook, type EventHookArgs, DEFAULT_EVENT_TYPES } from "./eventHook";
export {
  TelephonyProvider,
  type TelephonyProviderArgs,
  type PhoneAuthenticatorArgs,
} from "./telephonyProvider";
export { OktaVerifyPush, type OktaVerifyPushArgs } from "./oktaVerifyPush";
export {
  HookReceiver,
  type HookReceiverArgs,
  type HookReceiverOktaArgs,
  type HookReceiverTwilioArgs,
} from "./hookReceiver";
export { HOOK_PATHS } from "./hookUrls";
export {
  CAPABILITIES,
  CAPABILITY_NAMES,
  STANDARD_ROLES,
  BROAD_ROLES,
  type Capability,
  type CapabilityName,
  type StandardRole,
  type RoleSpec,
  type CustomRoleSpec,
  type CustomRoleResources,
  type CapabilityRef,
} from "./capabilities";
export type {
  CustomCapabilities,
  CustomCapabilityDefinition,
  CustomRoleDefinition,
  CustomResources,
  ResourceKind,
} from "./customCapabilities";
export { Moveworks, type MoveworksArgs } from "./connectors/moveworks/component";
export { ServicenowSpoke, type ServicenowSpokeArgs } from "./connectors/servicenowSpoke/component";
export { TwilioVerify, type TwilioVerifyArgs } from "./connectors/twilioVerify/component";
export { VoiceAgent, type VoiceAgentArgs } from "./connectors/servicenowVoiceAgent/component";
export type { ServiceAppOutput, ConnectorBundle, BundleField } from "./outputs";
export { serviceAppFactory, type ServiceAppWiring } from "./connectors/wiring";
export type { ServiceAppFactory, ServiceAppLike } from "./connectors/deps";
export type { ConnectorContext } from "./connectors/sheet";
// The config types the components take, plain TypeScript (no zod type in the package's .d.ts).
export type { MoveworksConfig } from "./connectors/moveworks/types";
export type { SpokeConfig } from "./connectors/servicenowSpoke/types";
export type { TwilioVerifyConfig } from "./connectors/twilioVerify/types";
export type { VoiceAgentConfig } from "./connectors/servicenowVoiceAgent/types";
export type {
  Environment,
  RateLimitConfig,
  ServiceAppConfig,
  ServiceAppKeyConfig,
} from "../config/types";
