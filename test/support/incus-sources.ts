// Where the tests find Incus's sources (a git clone or bare mirror of github.com/lxc/incus with
// its release tags): $INCUS_REPO. Tests that read them skip with a reason when it is not set;
// a CI job that must check the facts sets INCUS_REPO_REQUIRED=1, and then a missing repository
// fails instead of skipping.
import { existsSync } from "node:fs";

export interface IncusSources {
  repo: string;
  /** false, or the reason the test is skipped. */
  skip: false | string;
}

export function incusSources(): IncusSources {
  const repo = process.env.INCUS_REPO ?? "";
  const required = process.env.INCUS_REPO_REQUIRED === "1";
  if (repo && !existsSync(repo)) throw new Error(`INCUS_REPO=${repo} does not exist`);
  if (!repo) {
    if (required) throw new Error("INCUS_REPO_REQUIRED=1 but INCUS_REPO is not set");
    return { repo, skip: "INCUS_REPO not set (an Incus git clone with its release tags): facts not re-read from the sources" };
  }
  return { repo, skip: false };
}
