import * as fs from "node:fs";
import { requireVenv, VENV_PYTHON } from "./venv";

/** Debian's Chromium, the browser front-end tests drive (scripts/setup.sh installs it). */
export const CHROMIUM = "/usr/bin/chromium";
/** Flags for a headless Chromium on a machine with no network: without the last four it keeps retrying. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A front end the test needs is not installed. */
export class FrontEndMissingError extends Error {
  override name = "FrontEndMissingError";
}

/**
 * Fails, naming the fix, when Chromium or the project venv's front ends (JupyterLab 4, Notebook 7)
 * are missing: a front-end test that cannot run must say so rather than skip. Returns the venv's
 * `jupyter` command. The paths are parameters for its own test.
 *
 * @example
 * const jupyter = requireFrontEnd(); // "<project>/.venv/bin/jupyter"
 */
export function requireFrontEnd(chromium = CHROMIUM, python = VENV_PYTHON): string {
  if (!fs.existsSync(chromium)) {
    throw new FrontEndMissingError(
      `${chromium} not found: the front-end tests drive Debian's Chromium. Fix: run scripts/setup.sh (installs chromium).`,
    );
  }
  return requireVenv(python);
}
