// The ServiceNow AI voice agent's block, `oktaplane:connectors.servicenowVoiceAgent`, as plain
// TypeScript: the type the package's .d.ts show (zod's own need esModuleInterop). config.ts
// validates it, and proves its schema parses to exactly this.

/** `oktaplane:connectors.servicenowVoiceAgent`. */
export interface VoiceAgentConfig {
  /** The instance name only, e.g. `acme` for https://acme.service-now.com. */
  instance: string;
}

declare module "../../../config/types" {
  interface ConnectorsConfig {
    servicenowVoiceAgent?: VoiceAgentConfig;
  }
}
