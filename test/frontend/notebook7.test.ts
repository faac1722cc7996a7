import { EXAMPLES, frontEndSuite } from "./frontEndSuite";

// Notebook 7 (the project venv's `jupyter notebook`, built of JupyterLab's widgets) in headless
// Chromium: see frontEndSuite. Its notebook view is JupyterLab's, so of the example notebooks it
// runs the flagship, the live sources and one ML notebook (k-means); jupyterlab.test.ts runs all.
frontEndSuite({
  title: "Notebook 7 in Chromium",
  frontEnd: "notebook",
  examples: ["01", "03", "04"].map((n) => EXAMPLES[n]!),
  screenshots: ".tmp/frontend-notebook7",
});
