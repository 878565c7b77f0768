// The environment the rehearsal's Pulumi CLI runs in: the user's own, minus every credential that
// could reach their Okta org, Cloudflare account, Twilio account or Pulumi backend, plus the
// temporary backend and the simulators' addresses and tokens.

/** Variables whose names say they reach a real account or backend; never passed to the child. */
const REMOVED = [
  /^OKTA_/, // the Okta provider's and the DPoP setting's credentials and org (config.go NewConfig)
  /^CLOUDFLARE_/, // the Cloudflare provider's token, key, email and base URL
  /^CF_/,
  /^TWILIO_/,
  /^PULUMI_ACCESS_TOKEN$/, // Pulumi Cloud
  /^PULUMI_BACKEND_URL$/,
  /^PULUMI_CONFIG_PASSPHRASE(_FILE)?$/,
  /^PULUMI_HOME$/,
  /^PULUMI_STACK$/,
  /^PULUMI_CONFIG$/, // engine-internal; a stale one would override the temporary stack's config
  /^MAX_API_CAPACITY$/, // read by the Okta provider when max_api_capacity is unset
];

export interface RehearsalEnvInputs {
  /** Temporary PULUMI_HOME (its `plugins` may link to the user's plugin cache). */
  readonly pulumiHome: string;
  /** `file://…` backend in the temporary directory. */
  readonly backendUrl: string;
  readonly passphrase: string;
  /** The Okta simulator's base URL: the Okta provider's http_proxy (env OKTA_HTTP_PROXY). */
  readonly oktaUrl: string;
  /** The deployer's bearer token from the Okta simulator (provider config access_token). */
  readonly oktaAccessToken: string;
  /** The Cloudflare simulator's API token (the provider reads CLOUDFLARE_API_TOKEN). */
  readonly cloudflareApiToken: string;
}

/** The names of the user's variables that were withheld: reported, never their values. */
export function withheldNames(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env)
    .filter((k) => env[k] !== undefined && REMOVED.some((re) => re.test(k)))
    .sort();
}

/** The user's environment without any of those credentials (for every CLI call, `version` too). */
export function withoutCredentials(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !REMOVED.some((re) => re.test(key))) out[key] = value;
  }
  return { ...out, PULUMI_SKIP_UPDATE_CHECK: "true" };
}

export function rehearsalEnv(
  env: Readonly<Record<string, string | undefined>>,
  inputs: RehearsalEnvInputs,
): Record<string, string> {
  const out = withoutCredentials(env);
  // The simulators listen on loopback: never send them through a proxy the user has configured.
  const noProxy = [out["NO_PROXY"] ?? out["no_proxy"], "127.0.0.1", "localhost"]
    .filter((v) => v !== undefined && v !== "")
    .join(",");
  return {
    ...out,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    PULUMI_HOME: inputs.pulumiHome,
    PULUMI_BACKEND_URL: inputs.backendUrl,
    PULUMI_CONFIG_PASSPHRASE: inputs.passphrase,
    // The program builds an explicit okta.Provider, which does not read `okta:` stack config;
    // the provider reads OKTA_HTTP_PROXY and OKTA_ACCESS_TOKEN from its environment instead
    // (terraform-provider-okta okta/config/config.go, NewConfig). An http:// value turns the
    // SDK's https check off (okta/api/api.go, WithTestingDisableHttpsCheck).
    OKTA_HTTP_PROXY: inputs.oktaUrl,
    OKTA_ACCESS_TOKEN: inputs.oktaAccessToken,
    CLOUDFLARE_API_TOKEN: inputs.cloudflareApiToken,
  };
}
