import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { PROJECT_VENV } from "../../kernel/install";

/** The project venv's Python (JupyterLab 4, Notebook 7, nbconvert 7, nbclient; scripts/setup.sh makes it). */
export const VENV_PYTHON = path.join(PROJECT_VENV, "bin", "python");
/** The project venv's `jupyter` command: `jupyter lab`, `jupyter notebook` (7), `jupyter nbconvert` (7). */
export const VENV_JUPYTER = path.join(PROJECT_VENV, "bin", "jupyter");

/** The project's virtual environment is missing or lacks a front end a test needs. */
export class VenvMissingError extends Error {
  override name = "VenvMissingError";
}

/**
 * What the tests need from the venv: the new front ends, the HTML export and its executor.
 * notebook.app is Notebook 7's (classic Notebook 6 has notebook.notebookapp instead).
 */
const MODULES = ["jupyterlab", "notebook.app", "nbconvert", "nbclient", "jupyterlab_widgets"];

const checked = new Set<string>();

/**
 * Fails, naming the fix, when the project venv's Python cannot import JupyterLab, Notebook 7,
 * nbconvert, nbclient or jupyterlab_widgets: a test that needs them must say so rather than skip.
 * Returns the venv's `jupyter` command. The Python is a parameter for its own test.
 *
 * @example
 * const jupyter = requireVenv(); // "<project>/.venv/bin/jupyter"
 */
export function requireVenv(python = VENV_PYTHON): string {
  if (!checked.has(python)) {
    // find_spec, not import: as telling for "is it installed", and a tenth of the time. It raises
    // for a submodule (notebook.app) whose package is not there at all.
    const probe = [
      "import importlib.util as u",
      "def missing(m):",
      "  try: return u.find_spec(m) is None",
      "  except ModuleNotFoundError: return True",
      `print(" ".join(m for m in ${JSON.stringify(MODULES)} if missing(m)))`,
    ].join("\n");
    let missing: string;
    try {
      missing = execFileSync(python, ["-c", probe], { encoding: "utf8", stdio: "pipe" }).trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw missingVenv(`${python}: not found`);
      missing = MODULES.join(" "); // a Python that does not even run
    }
    if (missing !== "") throw missingVenv(`${python} cannot import ${missing.split(" ").join(", ")}`);
    checked.add(python);
  }
  return path.join(path.dirname(python), "jupyter");
}

function missingVenv(what: string): VenvMissingError {
  return new VenvMissingError(
    `${what}. The notebook and front-end tests run JupyterLab 4, Notebook 7 and nbconvert 7 from the ` +
      "project's virtual environment .venv. Fix: run scripts/setup.sh (creates .venv from " +
      "scripts/frontend-requirements.txt).",
  );
}
