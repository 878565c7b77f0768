// How the Okta provider's okta_authenticator treats `settings`, modelled for tests from
// terraform-provider-okta v6.12.0 (okta/services/idaas/resource_okta_authenticator.go,
// sdk/v2_authenticatorSettings.go, okta/utils/utils.go): create adopts an existing authenticator
// without writing settings; read stores Okta's settings re-marshalled through the SDK's struct
// (known keys only, empty ones omitted); the diff is suppressed when the config has no settings,
// else whole objects are compared with every array sorted. A model, not the provider: what it
// cannot show is a behaviour the source does not have.

/** sdk.AuthenticatorSettings' JSON keys (all `omitempty`). */
const SDK_SETTINGS_KEYS = [
  "allowedFor",
  "appInstanceId",
  "channelBinding",
  "compliance",
  "tokenLifetimeInMinutes",
  "userVerification",
  "enrollmentSecurityLevel",
  "userVerificationMethods",
] as const;

const empty = (v: unknown) =>
  v === undefined || v === null || v === "" || v === 0 || (Array.isArray(v) && v.length === 0);

/** establishAuthenticator: the `settings` the provider keeps in state after a read. */
export function settingsInState(okta: Readonly<Record<string, unknown>>): string {
  const kept = Object.fromEntries(
    SDK_SETTINGS_KEYS.filter((k) => !empty(okta[k])).map((k) => [k, okta[k]]),
  );
  return JSON.stringify(kept);
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map(sorted).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, sorted(v)] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  return value;
}

/**
 * NoChangeInObjectWithSortedSlicesFromUnmarshaledJSON, the settings' DiffSuppressFunc: whether a
 * preview shows `settings` changing from the state's to the config's (undefined: not set).
 */
export function settingsDiffer(state: string, config: string | undefined): boolean {
  if (config === undefined || config === "") return false;
  return JSON.stringify(sorted(JSON.parse(state))) !== JSON.stringify(sorted(JSON.parse(config)));
}
