// The ServiceNow AI voice agent's block, `oktaplane:connectors.servicenowVoiceAgent`: the
// instance whose voice agent sends Okta Verify pushes with the shared API token.

import { z } from "zod";
import type { ConnectorConfigSpec } from "../../../config/connectorSpec";
import type { SameType } from "../../../config/sameType";
import { serviceNowInstance } from "../servicenow";
import { oktaApiTokenSecret } from "../shared";
import type { VoiceAgentConfig } from "./types";

export const voiceAgentSchema = z.strictObject({ instance: serviceNowInstance });
// The plain type (./types.ts, what the package's .d.ts show) is exactly what it parses to.
true satisfies SameType<z.output<typeof voiceAgentSchema>, VoiceAgentConfig>;

export const voiceAgentConfig: ConnectorConfigSpec<VoiceAgentConfig> = {
  id: "servicenow-voice-agent",
  configKey: "servicenowVoiceAgent",
  schema: voiceAgentSchema,
  secrets: [oktaApiTokenSecret()],
};
