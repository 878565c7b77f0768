// The ServiceNow AI voice agent's block, `oktaplane:connectors.servicenowVoiceAgent`: the
// instance whose voice agent sends Okta Verify pushes with the shared API token.

import { z } from "zod";
import type { ConnectorConfigSpec } from "../../../config/connectorSpec";
import { serviceNowInstance } from "../servicenow";
import { oktaApiTokenSecret } from "../shared";

export const voiceAgentSchema = z.strictObject({ instance: serviceNowInstance });
export type VoiceAgentConfig = z.output<typeof voiceAgentSchema>;

declare module "../../../config/connectorSpec" {
  interface ConnectorsConfig {
    servicenowVoiceAgent?: VoiceAgentConfig;
  }
}

export const voiceAgentConfig: ConnectorConfigSpec<VoiceAgentConfig> = {
  id: "servicenow-voice-agent",
  configKey: "servicenowVoiceAgent",
  schema: voiceAgentSchema,
  secrets: [oktaApiTokenSecret()],
};
