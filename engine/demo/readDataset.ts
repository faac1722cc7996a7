import * as fs from "node:fs";
import * as path from "node:path";
import { IllegalArgumentError } from "../errors";

/** One row of a data set: column name → number, string, boolean or null. */
export type DatasetRow = Record<string, unknown>;

/**
 * Reads a data set that ships with the npm package `vega-datasets` (penguins.json, cars.json,
 * seattle-weather.csv, movies.json, …) from disk — never from the network. JSON files are
 * returned as they are; CSV rows become objects with numbers parsed and empty cells null.
 * Replay one as a live stream with `ssc.generatorStream((t, i) => rows.slice(i * n, (i + 1) * n))`.
 *
 * @example
 * const penguins = readDataset("penguins.json"); // [{ Species: "Adelie", "Beak Length (mm)": 39.1, … }, …]
 */
export function readDataset(name: string): DatasetRow[] {
  const dir = datasetsDir();
  const file = path.join(dir, name);
  if (path.dirname(file) !== dir || !fs.existsSync(file)) {
    const known = fs.readdirSync(dir).filter((f) => /\.(json|csv)$/.test(f));
    throw new IllegalArgumentError(
      `readDataset: there is no data set "${name}" in vega-datasets. ` +
        `Fix: use one of ${known.join(", ")}.`,
    );
  }
  const text = fs.readFileSync(file, "utf8");
  if (name.endsWith(".json")) {
    const rows = JSON.parse(text);
    if (!Array.isArray(rows)) {
      throw new IllegalArgumentError(
        `readDataset: "${name}" is not a table (a JSON array of rows). Fix: pick a tabular data set.`,
      );
    }
    return rows;
  }
  if (name.endsWith(".csv")) return parseCsv(text);
  throw new IllegalArgumentError(
    `readDataset reads .json and .csv files; got "${name}". Fix: pick one of those.`,
  );
}

function datasetsDir(): string {
  // The package exports only its fetch-based index, so locate the data folder beside it.
  return path.join(path.dirname(require.resolve("vega-datasets")), "..", "data");
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): DatasetRow[] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  if (!header) return [];
  return rows
    .filter((r) => r.length > 1 || r[0] !== "")
    .map((r) => Object.fromEntries(header.map((h, j) => [h, typed(r[j] ?? "")])));
}

function typed(s: string): unknown {
  if (s === "") return null;
  const n = Number(s);
  return Number.isFinite(n) && /^\s*[-+]?(\d|\.\d)/.test(s) ? n : s;
}
