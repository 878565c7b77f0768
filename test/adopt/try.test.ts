import { it } from "vitest";
import { planAdoption } from "../../cli/adopt/adoption";
import { seededOrg, messyOrg } from "../../test/adopt/support/orgs";
import { snapshotOf } from "../../test/adopt/support/snapshot";
import { SEEDED_STACK, MESSY_STACK, planned, stacksDir } from "../../test/adopt/support/stacks";
it("x", async () => {
  const dir = stacksDir({ seeded: SEEDED_STACK, messy: MESSY_STACK });
  const { plan, desired } = await planned("seeded", dir);
  const r = planAdoption(desired, snapshotOf(seededOrg()), plan.resources, plan.missingSecrets);
  console.log(JSON.stringify({ ...r, importFile: undefined }, null, 1));
  const m = await planned("messy", dir);
  const r2 = planAdoption(m.desired, snapshotOf(messyOrg(20)), m.plan.resources);
  console.log(JSON.stringify({ decisions: r2.decisions, problems: r2.problems, audits: r2.audits, notManaged: r2.notManaged }, null, 1));
});
