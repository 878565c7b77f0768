// The ServiceNow AI voice agent connector (seed: servicenow-voice-agent-okta-verify-push.txt):
// no Okta resource of its own; the shared Okta Verify push and API token. Docs: README.md.

import { defineConnector } from "../connector";
import { VoiceAgent } from "./component";
import { voiceAgentConfig } from "./config";
import { voiceAgentBundle, voiceAgentManualSteps } from "./sheet";

export const servicenowVoiceAgent = defineConnector({
  ...voiceAgentConfig,
  docs: "components/connectors/servicenowVoiceAgent/README.md",
  seeds: ["servicenow-voice-agent-okta-verify-push.txt"],
  usesApiToken: () => true,
  sharedPieces: () => ["oktaVerifyPush"],
  sheet: (ctx, agent, later) =>
    voiceAgentBundle(
      { orgUrl: ctx.orgUrl, apiToken: later("apiToken") },
      voiceAgentManualSteps(ctx, agent),
    ),
  declare(agent, env) {
    const component = new VoiceAgent(
      voiceAgentConfig.id,
      {
        context: env.context,
        agent,
        apiToken: env.shared.apiToken(),
        push: env.shared.oktaVerifyPush(),
      },
      env.opts,
    );
    return { bundle: component.bundle };
  },
});
