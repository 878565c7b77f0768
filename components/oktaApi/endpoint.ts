// Where the DPoP setting's Okta requests go: the org URL, unless OKTA_HTTP_PROXY names another
// base, exactly as the Okta provider does (terraform-provider-okta okta/config/config.go reads
// OKTA_HTTP_PROXY; okta/api/api.go uses it instead of https://{org}.{baseUrl}). Without this, a
// rehearsal against the simulator would send the DPoP setting's calls to the real org.

/** The base URL for API calls: OKTA_HTTP_PROXY when set, else the org URL. Globals only. */
export function apiBaseUrl(orgUrl: string): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const proxy = env?.["OKTA_HTTP_PROXY"]?.trim();
  return proxy !== undefined && proxy !== "" ? proxy.replace(/\/+$/, "") : orgUrl;
}
