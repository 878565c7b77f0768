// The rehearsal itself: simulators up, temporary stack made, then the user's Pulumi CLI runs
// `up`, an empty-preview check, a drift check and `destroy` against them, with the hook round trip
// in between; whatever happens (Ctrl-C included) everything it created is removed at the end.

import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../../config/errors";
import { readStackFile, StackFileError } from "../lib/stackFile";
import { EXIT, INSTALL_URL, parseScopes, RehearseUsageError, type RehearseArgs } from "./args";
import { rehearsalEnv, withheldNames } from "./childEnv";
import { abortOnSignals, Cleanup, Interrupted, type SignalSource } from "./cleanup";
import { isChange, type PhaseEvents, type ResourceOutputs } from "./engineEvents";
import { checkIntegrity } from "./integrity";
import { locatePulumi, PulumiNotFound, type PulumiCli } from "./pulumiCli";
import type { DriftReport, RehearseOutcome, RehearseReport } from "./report";
import { runRoundTrip, type RoundTripReport } from "./roundTrip";
import { rehearsalSeed } from "./seed";
import type { RehearsalSims, StartSims } from "./sims";
import { rehearsalSecrets, temporaryStackFile, validateStack } from "./stackConfig";
import { assembleReport } from "./assemble";
import { Session, tail } from "./session";
import { createWorkspace, type Workspace } from "./workspace";

export interface RehearseDeps {
  /** The user's environment (their credentials are withheld from the CLI, never used). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's project: Pulumi.yaml, the program, policy/. */
  readonly repoRoot: string;
  readonly startSims: StartSims;
  /** The deployer scopes `npm run plan` prints for this stack. */
  readonly planScopes: (stack: string, stacksDir: string | undefined) => Promise<string[]>;
  readonly signals: SignalSource;
  /** Progress lines (a no-op when quiet). */
  readonly progress: (line: string) => void;
  /** Messages the user must see whatever the output format (--keep's instructions). */
  readonly notice: (text: string) => void;
  readonly tmpRoot?: string;
  /** --keep: resolves when the user is done; @default when Ctrl-C arrives */
  readonly untilDone?: (signal: AbortSignal) => Promise<void>;
}

const OAUTH_APP = "okta:app/oAuth:OAuth";

export async function rehearse(args: RehearseArgs, deps: RehearseDeps): Promise<RehearseOutcome> {
  const started = performance.now();
  const secrets: string[] = [];
  const fail = (exitCode: number, message: string): RehearseOutcome => ({
    kind: "error",
    exitCode,
    message,
    secrets,
  });

  let cli: PulumiCli;
  try {
    cli = await locatePulumi(args.pulumi, deps.env);
  } catch (cause) {
    if (!(cause instanceof PulumiNotFound)) throw cause;
    return fail(
      EXIT.usage,
      `rehearse needs the Pulumi CLI: ${cause.message}.\n` +
        `Install it (${INSTALL_URL}), or point --pulumi at it.`,
    );
  }

  let file, parsed;
  try {
    file = await readStackFile(args.stack, args.stacksDir);
    parsed = validateStack(file);
  } catch (cause) {
    if (cause instanceof StackFileError) return fail(EXIT.usage, cause.message);
    if (cause instanceof ConfigError) return fail(EXIT.notRun, cause.message);
    throw cause;
  }

  let deployer: RehearseReport["deployer"];
  try {
    const fromEnv = deps.env["OKTA_API_SCOPES"];
    const roles = args.deployerRoles ?? ["SUPER_ADMIN"];
    deployer =
      args.scopes !== undefined
        ? { scopes: args.scopes, source: "--scopes", roles }
        : fromEnv !== undefined && fromEnv.trim() !== ""
          ? { scopes: parseScopes(fromEnv, "OKTA_API_SCOPES"), source: "OKTA_API_SCOPES", roles }
          : { scopes: await deps.planScopes(args.stack, args.stacksDir), source: "plan", roles };
  } catch (cause) {
    if (cause instanceof RehearseUsageError) return fail(EXIT.usage, cause.message);
    throw cause;
  }

  const controller = new AbortController();
  const cleanup = new Cleanup();
  const release = abortOnSignals(deps.signals, controller, (n) =>
    deps.notice(
      n === 1
        ? "rehearse: interrupted; stopping the Pulumi CLI and removing everything the rehearsal made…\n"
        : "rehearse: still cleaning up (the Pulumi CLI is being killed)…\n",
    ),
  );
  try {
    const generated = rehearsalSecrets(file, parsed);
    secrets.push(...generated.map((s) => s.value));
    const seed = rehearsalSeed(
      parsed.config,
      Object.fromEntries(generated.map((s) => [s.key, s.value])),
    );
    deps.progress(`rehearse: starting the Okta, Cloudflare and Twilio simulators\n`);
    const sims = await deps.startSims({ seed, clockScale: args.clockScale });
    cleanup.add("simulators", () => sims.close());
    for (const fault of args.faults) sims.okta.faults.add(fault);
    const seededAppIds = new Set(sims.okta.apps().map((a) => a.id));

    const ws = await createWorkspace({
      repoRoot: deps.repoRoot,
      stack: args.stack,
      env: deps.env,
      ...(deps.tmpRoot !== undefined ? { tmpRoot: deps.tmpRoot } : {}),
    });
    cleanup.add("temporary directory", () => ws.remove());
    const stackFile = temporaryStackFile(file, parsed, {
      oktaUrl: sims.okta.url,
      cloudflareBaseUrl: sims.cloudflare.baseUrl,
      clockScale: args.clockScale,
    });
    await writeFile(ws.stackFile, stackFile.text, { mode: 0o600 });

    const token = await sims.okta.issueToken(deployer.scopes, "deployer", args.deployerRoles);
    const passphrase = randomUUID();
    secrets.push(token, passphrase, sims.cloudflare.apiToken);
    const env = rehearsalEnv(deps.env, {
      pulumiHome: ws.pulumiHome,
      backendUrl: ws.backendUrl,
      passphrase,
      oktaUrl: sims.okta.url,
      oktaAccessToken: token,
      cloudflareApiToken: sims.cloudflare.apiToken,
    });
    const session = new Session(cli, ws, env, args.stack, controller.signal, sims, deps.progress);

    const init = await session.run([
      "stack",
      "init",
      args.stack,
      "--secrets-provider",
      "passphrase",
    ]);
    if (init.exitCode !== 0)
      return fail(EXIT.notRun, `pulumi stack init failed: ${tail(init.stderr)}`);
    for (const s of generated) {
      const set = await session.run(
        ["config", "set", "--secret", `oktaplane:${s.key}`, "--stack", args.stack],
        s.value,
      );
      if (set.exitCode !== 0)
        return fail(
          EXIT.notRun,
          `pulumi config set --secret oktaplane:${s.key} failed: ${tail(set.stderr)}`,
        );
    }

    // The deploy, with the policy pack as CI runs it; after a fault, one re-run must finish it.
    const policyPack = path.join(deps.repoRoot, "policy");
    const upArgs = ["up", "--yes", "--policy-pack", policyPack];
    let up = await session.phase("up", upArgs, "pulumi up --yes --policy-pack policy");
    if (!up.phase.ok && args.faults.length > 0) {
      session.markFaultInjected("up");
      // The outage is over: the re-run meets a healthy org, as a user's second attempt would.
      sims.okta.faults.clear();
      up = await session.phase("up (re-run)", upArgs, "pulumi up --yes --policy-pack policy");
    }
    const state = await session.exportState();
    const integrity =
      state === undefined ? null : checkIntegrity(state, sims.okta.apps(), seededAppIds);
    const deployed = up.events.outputs;

    let permaDiffs: PhaseEvents["steps"] = [];
    let drift: DriftReport | null = null;
    let roundTrip: RoundTripReport = { ran: false, reason: "the up failed" };
    if (up.phase.ok) {
      const second = await session.phase(
        "preview",
        ["preview", "--expect-no-changes", "--policy-pack", policyPack],
        "pulumi preview --expect-no-changes --policy-pack policy",
      );
      permaDiffs = second.events.steps.filter((s) => isChange(s.op));

      deps.progress("rehearse: hook round trip (verification, telephony, event feedback)\n");
      roundTrip = await session.outsideEngine("round trip", () =>
        runRoundTrip({
          sims,
          seed,
          orgUrl: `https://${parsed.config.okta.orgName}.${parsed.config.okta.baseUrl}`,
          deployed,
          upCalls: session.callsOf("up", "up (re-run)"),
        }),
      );

      drift = await driftCheck(session, sims, deployed);
    }

    const report = (kept: boolean, leftAfterDestroy: readonly string[] | null = null) =>
      assembleReport(session, {
        started,
        cli,
        deployer,
        args,
        stackFile,
        ws,
        withheldEnv: withheldNames(deps.env),
        state,
        integrity,
        permaDiffs,
        drift,
        roundTrip,
        leftAfterDestroy,
        kept,
        cleanup,
        capacityPercent: stackFile.rateLimits.user.maxApiCapacity,
        secrets,
      });

    if (args.keep) {
      deps.notice(keepInstructions(ws, args.stack, env, cli, sims));
      await (deps.untilDone ?? untilAborted)(controller.signal);
      return report(true);
    }

    // Destroy as the user's stack would be destroyed; protected resources need an explicit
    // unprotect first, which the rehearsal does only in its own temporary stack.
    const protectedUrns = (state?.resources ?? []).filter((r) => r.protect).map((r) => r.urn);
    if (protectedUrns.length > 0)
      await session.phase(
        "unprotect",
        ["state", "unprotect", "--all", "--yes"],
        "pulumi state unprotect --all --yes",
        false,
      );
    const destroy = await session.phase("destroy", ["destroy", "--yes"], "pulumi destroy --yes");
    const retainedIds = new Set(
      (state?.resources ?? []).filter((r) => r.retainOnDelete).map((r) => r.id),
    );
    const leftAfterDestroy = destroy.phase.ok
      ? sims.okta
          .apps()
          .filter((a) => !seededAppIds.has(a.id) && !retainedIds.has(a.id))
          .map((a) => a.id)
      : null;
    return report(false, leftAfterDestroy);
  } catch (cause) {
    if (controller.signal.aborted || cause instanceof Interrupted) {
      const results = await cleanup.run();
      const failed = results.filter((r) => !r.ok);
      return fail(
        EXIT.interrupted,
        failed.length === 0
          ? "rehearse: interrupted; the simulators are stopped and the temporary stack is deleted"
          : `rehearse: interrupted; cleanup failed for ${failed.map((f) => `${f.name} (${f.error})`).join(", ")}`,
      );
    }
    throw cause;
  } finally {
    await cleanup.run();
    release();
  }
}

/** A simulated console edit of the first service app, then `pulumi preview --refresh`. */
async function driftCheck(
  session: Session,
  sims: RehearsalSims,
  deployed: ReadonlyMap<string, ResourceOutputs>,
): Promise<DriftReport> {
  const app = [...deployed.values()].find((r) => r.type === OAUTH_APP && r.id !== "");
  const edit = app === undefined ? undefined : sims.okta.editAppLabel(app.id);
  if (app === undefined || edit === undefined) return { edit: null, seen: false, changes: [] };
  const { events } = await session.phase(
    "drift preview",
    ["preview", "--refresh"],
    "pulumi preview --refresh",
  );
  const changes = events.steps.filter(
    (s) => isChange(s.op) || (s.op === "refresh" && s.diffs.length > 0),
  );
  return { edit, seen: changes.some((c) => c.urn === app.urn), changes };
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function keepInstructions(
  ws: Workspace,
  stack: string,
  env: Readonly<Record<string, string>>,
  cli: PulumiCli,
  sims: RehearsalSims,
): string {
  // Throw-away values for a throw-away backend and in-memory simulators: printing them is safe.
  const exports = [
    "PULUMI_HOME",
    "PULUMI_BACKEND_URL",
    "PULUMI_CONFIG_PASSPHRASE",
    "OKTA_HTTP_PROXY",
    "OKTA_ACCESS_TOKEN",
    "CLOUDFLARE_API_TOKEN",
  ].map((k) => `  export ${k}=${env[k]}`);
  return [
    "",
    "rehearse --keep: the simulators are running and the temporary stack is up.",
    `  Okta        ${sims.okta.url}`,
    `  Cloudflare  ${sims.cloudflare.baseUrl}`,
    `  Twilio      ${sims.twilio.url}`,
    "Reach the stack from another shell, after unsetting your own OKTA_* and CLOUDFLARE_* variables:",
    `  cd ${ws.projectDir}`,
    ...exports,
    `  ${cli.path} stack output --stack ${stack}`,
    `  ${cli.path} preview --stack ${stack}`,
    "Press Ctrl-C here to stop the simulators and delete the temporary stack and directory.",
    "",
  ].join("\n");
}
