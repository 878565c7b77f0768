// The ServiceNow AI voice agent connector: its sheet, resolving once the org's (shared) Okta
// Verify push setting and API token are in place. It owns no Okta resource of its own.

import * as pulumi from "@pulumi/pulumi";
import type { BundleOutput } from "../lift";
import { liftBundle } from "../lift";
import type { ConnectorContext } from "../sheet";
import { voiceAgentBundle, voiceAgentManualSteps, type VoiceAgentConfig } from "./sheet";

export interface VoiceAgentArgs {
  readonly context: ConnectorContext;
  readonly agent: VoiceAgentConfig;
  readonly apiToken: {
    readonly value: pulumi.Output<string>;
    readonly ready?: pulumi.Output<unknown>;
  };
  /** The shared OktaVerifyPush's readiness. */
  readonly push: { readonly ready: pulumi.Output<unknown> };
}

export class VoiceAgent extends pulumi.ComponentResource {
  readonly bundle: BundleOutput;

  constructor(name: string, args: VoiceAgentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:connectors:VoiceAgent", name, {}, opts);
    const { context, agent } = args;
    const manualSteps = voiceAgentManualSteps(context, agent);
    this.bundle = liftBundle({
      build: (v) => voiceAgentBundle(v, manualSteps),
      values: { orgUrl: context.orgUrl },
      secrets: { apiToken: args.apiToken.value },
      shape: { orgUrl: context.orgUrl },
      ready: [args.push.ready, ...(args.apiToken.ready === undefined ? [] : [args.apiToken.ready])],
    });
    this.registerOutputs({});
  }
}
