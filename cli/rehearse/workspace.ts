// The rehearsal's temporary directory: a project that links to the user's program but has its own
// stack config directory, a `file://` backend, a PULUMI_HOME and the engine event logs. Nothing
// is written outside it; removing it removes everything the rehearsal made on disk.

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";

export interface Workspace {
  readonly root: string;
  /** Where `pulumi` runs: the user's files linked in, Pulumi.yaml copied, its own stacks dir. */
  readonly projectDir: string;
  /** The temporary stack's config file (same stack name as the user's, in projectDir). */
  readonly stackFile: string;
  readonly backendUrl: string;
  readonly pulumiHome: string;
  /** Engine event logs, one per command. */
  readonly logsDir: string;
  /** Linked to the user's plugin cache, or undefined when they have none. */
  readonly linkedPlugins: string | undefined;
  remove(): Promise<void>;
}

export interface WorkspaceOptions {
  /** The user's project (the directory with Pulumi.yaml). */
  readonly repoRoot: string;
  readonly stack: string;
  /** The user's environment, to find their plugin cache (PULUMI_HOME or ~/.pulumi). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** @default os.tmpdir() */
  readonly tmpRoot?: string;
}

/** Never linked: the project file is copied, stack files stay the user's, VCS and state stay out. */
const NOT_LINKED = new Set(["Pulumi.yaml", "Pulumi.yml", ".git", ".pulumi"]);

export async function createWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const root = await mkdtemp(path.join(options.tmpRoot ?? os.tmpdir(), "oktaplane-rehearse-"));
  const remove = () => rm(root, { recursive: true, force: true, maxRetries: 3 });
  try {
    const projectDir = path.join(root, "project");
    const backendDir = path.join(root, "backend");
    const pulumiHome = path.join(root, "home");
    const logsDir = path.join(root, "logs");
    await Promise.all([projectDir, backendDir, pulumiHome, logsDir].map((d) => mkdir(d)));

    const projectText = await readFile(path.join(options.repoRoot, "Pulumi.yaml"), "utf8");
    const stackConfigDir = stackConfigDirOf(projectText);
    const skip = new Set([...NOT_LINKED, stackConfigDir.split(/[\\/]/)[0]!]);
    for (const name of await readdir(options.repoRoot)) {
      if (skip.has(name) || /^Pulumi\..+\.ya?ml$/.test(name)) continue;
      await symlink(path.join(options.repoRoot, name), path.join(projectDir, name));
    }
    await writeFile(path.join(projectDir, "Pulumi.yaml"), projectText);
    const stacksDir = path.join(projectDir, stackConfigDir);
    await mkdir(stacksDir, { recursive: true });

    const userHome =
      options.env["PULUMI_HOME"] ?? path.join(options.env["HOME"] ?? os.homedir(), ".pulumi");
    const plugins = path.join(userHome, "plugins");
    // Plugins are versioned binaries, read-only in use: sharing the cache avoids a download and
    // keeps the user's credentials.json and workspace files out of reach.
    const linkedPlugins = existsSync(plugins) ? plugins : undefined;
    if (linkedPlugins) await symlink(linkedPlugins, path.join(pulumiHome, "plugins"));

    return {
      root,
      projectDir,
      stackFile: path.join(stacksDir, `Pulumi.${options.stack}.yaml`),
      backendUrl: `file://${backendDir}`,
      pulumiHome,
      logsDir,
      linkedPlugins,
      remove,
    };
  } catch (cause) {
    await remove();
    throw cause;
  }
}

/** `stackConfigDir` of a Pulumi.yaml (relative, inside the project), or "." when unset. */
export function stackConfigDirOf(projectText: string): string {
  const doc = parseDocument(projectText).toJS() as { stackConfigDir?: unknown } | null;
  const dir = doc?.stackConfigDir;
  if (dir === undefined || dir === null) return ".";
  if (typeof dir !== "string" || path.isAbsolute(dir) || dir.split(/[\\/]/).includes(".."))
    throw new TypeError(
      `Pulumi.yaml: stackConfigDir must be a directory inside the project, got ${JSON.stringify(dir)}`,
    );
  return path.normalize(dir);
}
