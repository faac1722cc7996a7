import { describe, expect, it } from "vitest";
import { alignTokens, CellScripts, CellSourceMap } from "../../../kernel/traceback";

describe("CellScripts", () => {
  it("names each cell's script after its execution count, a repeated count gets its own name", () => {
    const scripts = new CellScripts();
    expect(scripts.add(3, "1", "1")).toBe("cell-3.js");
    expect(scripts.add(3, "2", "2")).toBe("cell-3.2.js");
    expect(scripts.get("cell-3.2.js")?.map.source).toBe("2");
  });

  it("keeps only the last `capacity` cells used: memory stays bounded", () => {
    const scripts = new CellScripts(3);
    for (let i = 1; i <= 3; i++) scripts.add(i, "", "");
    scripts.get("cell-1.js"); // used: kept over cell 2
    scripts.add(4, "", "");
    expect(scripts.size).toBe(3);
    expect(scripts.get("cell-2.js")).toBeUndefined();
    expect(scripts.get("cell-1.js")?.executionCount).toBe(1);
  });
});

describe("CellSourceMap", () => {
  it("maps a compiled position to the token it came from; an added token maps to the next original one", () => {
    const source =
      "const n: number = 1;\nfunction f(x: number): number {\n  return x.toFixed(n) as unknown as number;\n}";
    const compiled =
      "\nexports.f = void 0;\nconst n = 1;\nfunction f(x) {\n    return x.toFixed(n);\n}\nexports.f = f;";
    const map = new CellSourceMap(source, compiled);
    expect(map.originalPosition(5, 14)).toEqual({ line: 3, column: 12 }); // toFixed
    expect(map.originalPosition(3, 7)).toEqual({ line: 1, column: 7 }); // n
    expect(map.originalPosition(2, 1)).toEqual({ line: 1, column: 1 }); // exports (added) → const
    expect(map.isWrapperLine(9)).toBe(true);
  });
});

describe("alignTokens", () => {
  it("pairs equal tokens along a longest common subsequence", () => {
    expect([...alignTokens(["const", "x", ":", "number", "=", "1"], ["const", "x", "=", "1"])!]).toEqual([
      0, 1, 4, 5,
    ]);
    // `exports.f = f; f()` against `f()`: three pairs, in order, each between equal tokens.
    const b = ["exports", ".", "f", "=", "f", ";", "f", "(", ")"];
    const pairs = [...alignTokens(["f", "(", ")"], b)!];
    expect(pairs.filter((p) => p >= 0)).toEqual([0, 1, 2]);
    expect(pairs.slice(7)).toEqual([1, 2]);
  });

  it("gives up past maxEdits instead of using D² memory", () => {
    expect(alignTokens(["a", "b", "c"], ["x", "y", "z"], 2)).toBeUndefined();
  });
});
