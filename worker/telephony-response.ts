// The bodies the telephony hook answers Okta with (always HTTP 200): the action command, and the
// error object used only when Twilio's abuse controls refused to send.

export const PROVIDER = "Twilio Verify";
const ACTION = "com.okta.telephony.action";

export interface TelephonyAction {
  readonly status: "SUCCESSFUL" | "PENDING";
  readonly provider: string;
  readonly transactionId?: string;
  readonly transactionMetadata?: string;
}

/** Twilio accepted the verification: its VE sid, and the VL sid of the send attempt if any. */
export function successful(sid: string | undefined, attemptSid: string | undefined) {
  return command({
    status: "SUCCESSFUL",
    provider: PROVIDER,
    ...(sid !== undefined && { transactionId: sid }),
    ...(attemptSid !== undefined && { transactionMetadata: attemptSid }),
  });
}

/** The request left but no answer came back in time: Twilio may have sent the code. */
export function pending() {
  return command({ status: "PENDING", provider: PROVIDER });
}

const REFUSAL_SUMMARIES: Readonly<Record<number, string>> = {
  60203: "Too many codes were sent to this phone number. Wait 10 minutes, then try again.",
  60410: "Sending a code to this phone number was blocked. Contact your administrator.",
};

/** Okta's error object: the user sees `errorSummary`. */
export function refused(twilioCode: number) {
  return {
    error: {
      errorSummary: REFUSAL_SUMMARIES[twilioCode] ?? "The code could not be sent.",
      errorCauses: [{ errorSummary: `Twilio Verify refused to send (error ${twilioCode})` }],
    },
  };
}

function command(value: TelephonyAction) {
  return { commands: [{ type: ACTION, value: [value] }] };
}
