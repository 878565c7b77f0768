// The Twilio Verify BYOT connector (seed: twilio-verify-okta-byot-event-hook.txt): the shared
// hook receiver and telephony inline hook, its own feedback event hook. Docs: README.md.

import { defineConnector } from "../connector";
import { TwilioVerify } from "./component";
import { twilioVerifyConfig } from "./config";
import { TWILIO_HOOK_NAMES, twilioVerifyBundle, twilioVerifyManualSteps } from "./sheet";

export const twilioVerify = defineConnector({
  ...twilioVerifyConfig,
  docs: "components/connectors/twilioVerify/README.md",
  seeds: ["twilio-verify-okta-byot-event-hook.txt"],
  sharedPieces: () => ["hookReceiver", "telephonyProvider"],
  sheet: (ctx, tw, later) =>
    twilioVerifyBundle(
      { ...tw, eventsUrl: later("eventsUrl"), telephonyUrl: later("telephonyUrl") },
      twilioVerifyManualSteps(ctx, tw),
    ),
  declare(tw, env) {
    const twilio = env.need(env.deps.twilio, "connectors.twilioVerify", "deps.twilio");
    const receiver = env.shared.hookReceiver(twilio, {
      accountSid: tw.accountSid,
      verifyServiceSid: tw.verifyServiceSid,
      authToken: env.secrets["twilioAuthToken"],
    });
    const component = new TwilioVerify(
      twilioVerifyConfig.id,
      {
        context: env.context,
        twilio: tw,
        receiver,
        telephonyProvider: env.shared.telephonyProvider(twilio, {
          label: TWILIO_HOOK_NAMES.telephonyHook,
          receiver,
        }),
        eventHook: twilio.eventHook,
      },
      env.opts,
    );
    return { bundle: component.bundle };
  },
});
