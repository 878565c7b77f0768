// Twilio Verify v2 stand-in: checks Basic auth and the service sid, answers create (201) and
// approve-by-phone (200) with the documented samples, or whatever a test scripted.

import { fixture } from "./fixtures";
import { FakeServer, type Recorded, type Reply } from "./fake-server";

export interface TwilioRequest extends Recorded {
  readonly form: Record<string, string>;
  /** For approvals: the decoded {Sid} path segment (the phone number). */
  readonly target: string | undefined;
}

/** A Twilio error body in the common shape {code, message, more_info, status}. */
export function twilioError(status: number, code: number, message = "error"): Reply {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

export class FakeTwilio {
  readonly server: FakeServer;
  private readonly expectedAuth: string;

  constructor(
    accountSid: string,
    authToken: string,
    private readonly serviceSid: string,
  ) {
    this.expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    this.server = new FakeServer((request) => {
      const match = /^\/v2\/Services\/([^/]+)\/Verifications(?:\/([^/?]+))?$/.exec(request.path);
      const key = !match ? "unknown" : match[2] ? "approve" : "create";
      return { key, reply: () => this.reply(request, key, match) };
    });
  }

  start(): Promise<string> {
    return this.server.start();
  }

  script(key: "create" | "approve", ...replies: Reply[]): void {
    this.server.script(key, ...replies);
  }

  creates(): TwilioRequest[] {
    return this.server.of("create").map(decode);
  }

  approvals(): TwilioRequest[] {
    return this.server.of("approve").map(decode);
  }

  private reply(request: Recorded, key: string, match: RegExpExecArray | null): Reply {
    if (request.headers.authorization !== this.expectedAuth) {
      return twilioError(401, 20003, "Authenticate");
    }
    if (!match || match[1] !== this.serviceSid || request.method !== "POST") {
      return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
    }
    const { form, target } = decode(request);
    if (key === "create") {
      const body = fixture("twilio-verify-create-response.json");
      return { status: 201, body: { ...body, to: form.To, channel: form.Channel } };
    }
    const body = fixture("twilio-verify-update-approved-response.json");
    return { status: 200, body: { ...body, to: target } };
  }
}

function decode(request: Recorded): TwilioRequest {
  const form = Object.fromEntries(new URLSearchParams(request.body));
  const segment = /\/Verifications\/([^/?]+)$/.exec(request.path)?.[1];
  return { ...request, form, target: segment ? decodeURIComponent(segment) : undefined };
}
