// Moveworks' block, `oktaplane:connectors.moveworks`: JWT (a service app with the chosen
// capabilities) or an API key (the shared token), and the groups software provisioning may touch.

import { z } from "zod";
import type { ConnectorConfigSpec } from "../../../config/connectorSpec";
import type { SameType } from "../../../config/sameType";
import { oktaGroupId, unique } from "../../../config/schema";
import { oktaApiTokenSecret } from "../shared";
import type { MoveworksConfig } from "./types";

export const moveworksSchema = z.strictObject({
  auth: z.enum(["jwt", "api-key"]).default("jwt"),
  capabilities: z
    .array(z.enum(["read-only", "software-provisioning", "password-mfa-help"]))
    .min(1)
    .superRefine(unique("capability"))
    .default(["read-only"]),
  groups: z.array(oktaGroupId).superRefine(unique("group")).optional(),
  requireDpop: z
    .literal(false, {
      error: "Moveworks cannot send DPoP proofs: leave requireDpop unset or false",
    })
    .optional(),
});
// The plain type (./types.ts, what the package's .d.ts show) is exactly what it parses to.
true satisfies SameType<z.output<typeof moveworksSchema>, MoveworksConfig>;

/** The service app's logical name (JWT only). */
export const MOVEWORKS_APP_NAME = "moveworks";

/** The Moveworks capabilities whose admin roles can be confined to `groups`. */
const MOVEWORKS_GROUP_SCOPED = "software-provisioning";

export const moveworksConfig: ConnectorConfigSpec<MoveworksConfig> = {
  id: "moveworks",
  configKey: "moveworks",
  schema: moveworksSchema,
  rules(mw, issue) {
    if (mw.groups !== undefined && !mw.capabilities.includes(MOVEWORKS_GROUP_SCOPED))
      issue(
        ["groups"],
        `constrain ${MOVEWORKS_GROUP_SCOPED} only: add it to capabilities or remove groups`,
      );
  },
  secrets: [oktaApiTokenSecret<MoveworksConfig>((mw) => mw.auth === "api-key")],
  appNames: (mw) => (mw.auth === "jwt" ? [MOVEWORKS_APP_NAME] : []),
};
