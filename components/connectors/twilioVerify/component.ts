// The Twilio Verify BYOT connector: its own feedback event hook (when feedback is on) on the
// stack's shared receiver and telephony inline hook, and the sheet/checklist of what stays manual.

import * as pulumi from "@pulumi/pulumi";
import type { EventHookFactory, HookReceiverLike, TelephonyProviderLike } from "../deps";
import type { BundleOutput } from "../lift";
import { liftBundle } from "../lift";
import type { ConnectorContext } from "../sheet";
import {
  TWILIO_FEEDBACK_EVENTS,
  TWILIO_HOOK_NAMES,
  twilioVerifyBundle,
  twilioVerifyManualSteps,
  type TwilioVerifyConfig,
} from "./sheet";

export interface TwilioVerifyArgs {
  readonly context: ConnectorContext;
  readonly twilio: TwilioVerifyConfig;
  /** The stack's one receiver and one telephony inline hook (shared pieces). */
  readonly receiver: HookReceiverLike;
  readonly telephonyProvider: TelephonyProviderLike;
  readonly eventHook: EventHookFactory;
}

export class TwilioVerify extends pulumi.ComponentResource {
  readonly bundle: BundleOutput;

  constructor(name: string, args: TwilioVerifyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:connectors:TwilioVerify", name, {}, opts);
    const { context, twilio, receiver } = args;
    const ready: pulumi.Output<unknown>[] = [args.telephonyProvider.ready];
    if (twilio.feedback) {
      const hook = args.eventHook(
        `${name}-feedback`,
        {
          label: TWILIO_HOOK_NAMES.eventHook,
          events: TWILIO_FEEDBACK_EVENTS.map((e) => e.type),
          receiver,
        },
        { parent: this },
      );
      ready.push(hook.ready);
    }
    const manualSteps = twilioVerifyManualSteps(context, twilio);
    const config = {
      accountSid: twilio.accountSid,
      verifyServiceSid: twilio.verifyServiceSid,
      feedback: twilio.feedback,
    };
    this.bundle = liftBundle({
      build: (v) => twilioVerifyBundle(v, manualSteps),
      values: { ...config, eventsUrl: receiver.eventsUrl, telephonyUrl: receiver.telephonyUrl },
      secrets: {},
      shape: { ...config, eventsUrl: "", telephonyUrl: "" },
      ready,
    });
    this.registerOutputs({});
  }
}
