import { describe, expect, it } from "vitest";
import { IllegalArgumentError, parseCsv, readDataset } from "../../../engine";

describe("readDataset", () => {
  it("reads a JSON data set from the vega-datasets package", () => {
    const penguins = readDataset("penguins.json");
    expect(penguins).toHaveLength(344);
    expect(penguins[0]).toMatchObject({ Species: "Adelie", Island: "Torgersen", "Beak Length (mm)": 39.1 });
  });

  it("reads a CSV data set with numbers parsed and dates left as text", () => {
    const weather = readDataset("seattle-weather.csv");
    expect(weather).toHaveLength(1461);
    expect(weather[0]).toEqual({
      date: "2012-01-01",
      precipitation: 0,
      temp_max: 12.8,
      temp_min: 5,
      wind: 4.7,
      weather: "drizzle",
    });
  });

  it("names the data sets there are when asked for one that is not", () => {
    expect(() => readDataset("pengiuns.json")).toThrow(IllegalArgumentError);
    expect(() => readDataset("pengiuns.json")).toThrow(/no data set "pengiuns.json".*penguins\.json/);
    expect(() => readDataset("../package.json")).toThrow(/no data set/);
  });
});

describe("parseCsv", () => {
  it("handles quoted commas, doubled quotes, CRLF and empty cells", () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""",\r\n1,,2.5\r\n')).toEqual([
      { a: "x, y", b: 'say "hi"', c: null },
      { a: 1, b: null, c: 2.5 },
    ]);
  });
});
