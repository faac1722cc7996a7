import { describe, expect, it } from "vitest";
import { CHROMIUM, FrontEndMissingError, requireFrontEnd } from "../helpers/NotebookServer";

// The front-end tests fail, naming the fix, on a machine without Chromium or Jupyter Notebook:
// they never skip silently.
describe("requireFrontEnd", () => {
  it("passes here (scripts/setup.sh installed both)", () => {
    expect(() => requireFrontEnd()).not.toThrow();
  });

  it("names scripts/setup.sh when Chromium is missing", () => {
    expect(() => requireFrontEnd("/nonexistent/chromium")).toThrow(FrontEndMissingError);
    expect(() => requireFrontEnd("/nonexistent/chromium")).toThrow(/chromium not found.*scripts\/setup\.sh/);
  });

  it("names scripts/setup.sh when Python cannot import classic Notebook", () => {
    expect(() => requireFrontEnd(CHROMIUM, "/bin/false")).toThrow(
      /cannot import notebook\.notebookapp.*Fix: run scripts\/setup\.sh/,
    );
  });
});
