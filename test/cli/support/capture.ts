// A fetch that forwards to the real one and records what crossed the wire, so tests can inspect
// the client assertion and DPoP proofs that were sent and the tokens that came back.

import type { FetchLike } from "../../../cli/lib/tokenRequest";

export interface Exchange {
  readonly form: URLSearchParams;
  readonly dpop?: string;
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly dpopNonce?: string;
}

export function capturingFetch(): { fetch: FetchLike; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const fetchImpl: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    const headers = new Headers(init.headers);
    const json = (await response.clone().json()) as Record<string, unknown>;
    const dpop = headers.get("dpop") ?? undefined;
    const dpopNonce = response.headers.get("dpop-nonce") ?? undefined;
    exchanges.push({
      form: new URLSearchParams(String(init.body)),
      status: response.status,
      json,
      ...(dpop ? { dpop } : {}),
      ...(dpopNonce ? { dpopNonce } : {}),
    });
    return response;
  };
  return { fetch: fetchImpl, exchanges };
}
