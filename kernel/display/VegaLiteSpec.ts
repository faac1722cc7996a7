/**
 * A vega-lite v5 spec as plain JSON. Kept as a loose record rather than vega-lite's TopLevelSpec:
 * users pass partial specs to merge, and the compiler (not the type checker) is what validates.
 */
export type VegaLiteSpec = Record<string, unknown>;

/** The mime type JupyterLab, VS Code and nbconvert render vega-lite 5 specs from. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** The `$schema` every spec carries, so front ends pick the right vega-lite version. */
export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
