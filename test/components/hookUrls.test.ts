// Pure: which route a receiver uses, the URLs Okta is given for it, and the names of what the
// hook components create. No Pulumi runtime.

import { describe, expect, test } from "vitest";
import { errorOf } from "./support/hookErrors";
import { defaultWorkerName, hookDisplayName } from "../../components/hookNames";
import { receiverUrls, resolveRoute, type ReceiverRouteArgs } from "../../components/hookUrls";

const ZONE = "0123456789abcdef0123456789abcdef";

describe("resolveRoute + receiverUrls", () => {
  test.each<[string, ReceiverRouteArgs, string, string]>([
    [
      "workers.dev",
      { workersDevSubdomain: "acme" },
      "okta-hooks",
      "https://okta-hooks.acme.workers.dev",
    ],
    [
      "custom domain",
      { customDomain: { zoneId: ZONE, hostname: "hooks.example.com" } },
      "ignored",
      "https://hooks.example.com",
    ],
    [
      "external URL",
      { externalUrl: "https://receiver.example.net" },
      "ignored",
      "https://receiver.example.net",
    ],
    [
      "external URL with a path and trailing slash",
      { externalUrl: "https://example.net/okta-hooks/" },
      "ignored",
      "https://example.net/okta-hooks",
    ],
  ])("%s", (_label, args, workerName, url) => {
    expect(receiverUrls(resolveRoute(args), workerName)).toEqual({
      url,
      eventsUrl: `${url}/okta/events`,
      telephonyUrl: `${url}/okta/telephony`,
    });
  });

  test.each<[string, ReceiverRouteArgs, string]>([
    ["none", {}, "got none"],
    [
      "two",
      { workersDevSubdomain: "acme", externalUrl: "https://x.example.com" },
      "got workersDevSubdomain, externalUrl",
    ],
    [
      "all three",
      {
        workersDevSubdomain: "acme",
        customDomain: { zoneId: ZONE, hostname: "h.example.com" },
        externalUrl: "https://x.example.com",
      },
      "got workersDevSubdomain, customDomain, externalUrl",
    ],
  ])("refuses %s of the three routes, naming those set", (_label, args, got) => {
    const error = errorOf(() => resolveRoute(args));
    expect(error.code).toBe("route_invalid");
    expect(error.message).toBe(
      `set exactly one of workersDevSubdomain, customDomain or externalUrl; ${got}`,
    );
  });

  test.each<[string, ReceiverRouteArgs, string]>([
    [
      "subdomain with a dot",
      { workersDevSubdomain: "acme.dev" },
      'workersDevSubdomain: must be a DNS label; got "acme.dev"',
    ],
    [
      "zone id not hex",
      { customDomain: { zoneId: "zone", hostname: "h.example.com" } },
      'customDomain.zoneId: must be 32 lowercase hex characters; got "zone"',
    ],
    [
      "hostname with a scheme",
      { customDomain: { zoneId: ZONE, hostname: "https://h.example.com" } },
      'customDomain.hostname: must be a lowercase DNS hostname, no scheme; got "https://h.example.com"',
    ],
    [
      "plain http",
      { externalUrl: "http://x.example.com" },
      'externalUrl: must be an https:// URL without credentials; got "http://x.example.com"',
    ],
    [
      "credentials",
      { externalUrl: "https://u:p@x.example.com" },
      'externalUrl: must be an https:// URL without credentials; got "https://u:p@x.example.com"',
    ],
    [
      "a query",
      { externalUrl: "https://x.example.com/?k=1" },
      'externalUrl: must have no query or fragment (the hook paths are appended); got "https://x.example.com/?k=1"',
    ],
  ])("rejects %s, naming the argument and the value", (_label, args, message) => {
    const error = errorOf(() => resolveRoute(args));
    expect(error.code).toBe("argument_invalid");
    expect(error.message).toBe(message);
  });

  test("a workers.dev route needs a Worker name that is a DNS label", () => {
    const route = resolveRoute({ workersDevSubdomain: "acme" });
    expect(errorOf(() => receiverUrls(route, "Okta_Hooks")).message).toBe(
      `workerName: must be 1-63 lowercase letters, digits or '-'; got "Okta_Hooks"`,
    );
  });
});

describe("names", () => {
  test("default Worker name is <project>-<stack>-hooks, made DNS-safe", () => {
    expect(defaultWorkerName("oktaplane", "dev")).toBe("oktaplane-dev-hooks");
    expect(defaultWorkerName("OktaPlane", "org/Prod_EU")).toBe("oktaplane-org-prod-eu-hooks");
  });

  test("a default Worker name too long for a DNS label is refused, not truncated", () => {
    const error = errorOf(() => defaultWorkerName("oktaplane", "s".repeat(60)));
    expect(error.code).toBe("argument_invalid");
    expect(error.message).toMatch(
      /^workerName: the default "oktaplane-s{60}-hooks" .* set workerName/,
    );
  });

  test("hook display names derive from project, stack and the component's key", () => {
    expect(hookDisplayName("oktaplane", "prod", "twilio-feedback")).toBe(
      "oktaplane-prod-twilio-feedback",
    );
    expect(hookDisplayName("oktaplane", "prod", "k", "Twilio Verify feedback")).toBe(
      "Twilio Verify feedback",
    );
  });

  test("hook display names are 1-255 characters", () => {
    expect(errorOf(() => hookDisplayName("p", "s", "k", " ")).message).toBe(
      "displayName: must be 1-255 characters; got 1 characters",
    );
    expect(errorOf(() => hookDisplayName("p", "s", "k", "x".repeat(256))).code).toBe(
      "argument_invalid",
    );
  });
});
