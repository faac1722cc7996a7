import { describe, expect, it } from "vitest";
import { requireVenv, VENV_JUPYTER, VenvMissingError } from "../helpers/venv";

// The notebook tests (and the JupyterLab / Notebook 7 ones) fail, naming the fix, on a machine
// without the project venv: they never skip silently.
describe("requireVenv", () => {
  it("passes here and names the venv's jupyter (scripts/setup.sh made .venv)", () => {
    expect(requireVenv()).toBe(VENV_JUPYTER);
  });

  it("names scripts/setup.sh when the venv is missing", () => {
    expect(() => requireVenv("/nonexistent/.venv/bin/python")).toThrow(VenvMissingError);
    expect(() => requireVenv("/nonexistent/.venv/bin/python")).toThrow(
      /\/nonexistent\/\.venv\/bin\/python: not found\. .*Fix: run scripts\/setup\.sh/,
    );
  });

  it("names scripts/setup.sh when the Python lacks the front ends", () => {
    // Debian's Python has nbconvert 6 and nbclient (scripts/setup.sh), but no JupyterLab.
    expect(() => requireVenv("/usr/bin/python3")).toThrow(
      /python3 cannot import jupyterlab, notebook.app, jupyterlab_widgets\. .*Fix: run scripts\/setup\.sh/,
    );
  });
});
