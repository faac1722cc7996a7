import { EXAMPLES, frontEndSuite } from "./frontEndSuite";

// JupyterLab 4 (the project venv's, as `npm start` opens it) in headless Chromium, every example
// notebook: see frontEndSuite.
frontEndSuite({
  title: "JupyterLab 4 in Chromium",
  frontEnd: "lab",
  examples: ["01", "02", "03", "04", "06"].map((n) => EXAMPLES[n]!),
  screenshots: ".tmp/frontend-jupyterlab",
});
