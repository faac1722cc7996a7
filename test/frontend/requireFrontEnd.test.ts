import { describe, expect, it } from "vitest";
import { CHROMIUM, FrontEndMissingError, requireFrontEnd } from "../helpers/requireFrontEnd";
import { VENV_JUPYTER } from "../helpers/venv";

// The front-end tests fail, naming the fix, on a machine without Chromium or the project venv's
// JupyterLab and Notebook 7: they never skip silently.
describe("requireFrontEnd", () => {
  it("passes here (scripts/setup.sh installed both) and names the venv's jupyter", () => {
    expect(requireFrontEnd()).toBe(VENV_JUPYTER);
  });

  it("names scripts/setup.sh when Chromium is missing", () => {
    expect(() => requireFrontEnd("/nonexistent/chromium")).toThrow(FrontEndMissingError);
    expect(() => requireFrontEnd("/nonexistent/chromium")).toThrow(/chromium not found.*scripts\/setup\.sh/);
  });

  it("names scripts/setup.sh when the venv lacks JupyterLab and Notebook 7", () => {
    expect(() => requireFrontEnd(CHROMIUM, "/nonexistent/.venv/bin/python")).toThrow(
      /\.venv\/bin\/python: not found\. .*Fix: run scripts\/setup\.sh/,
    );
  });
});
