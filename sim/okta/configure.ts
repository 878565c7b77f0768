// What the Okta provider's configure reads besides /users/me: the org metadata, whose `pipeline`
// says Identity Engine (`idx`) or Classic (`v1`); okta_authenticator refuses Classic orgs
// (PROVIDERS.md "Pointing the real providers at a simulator").
import { href, ok, type OpHandler } from "./org";

const getWellknownOrgMetadata: OpHandler = ({ org }) =>
  ok({
    id: "00osimulatedorg00001",
    pipeline: "idx",
    _links: { organization: href(org, "") },
  });

export const configureHandlers: Record<string, OpHandler> = { getWellknownOrgMetadata };
