// The CrossGuard policy pack that `pulumi preview|up --policy-pack policy` loads: every rule of
// policy/rules.ts as a resource validation (adapter in policy/pack.ts).

import { PolicyPack } from "@pulumi/policy";
import { packPolicies } from "./pack";

new PolicyPack("oktaplane", {
  description: "Least privilege and secret hygiene for oktaplane's Okta and Cloudflare resources",
  policies: packPolicies(),
});
