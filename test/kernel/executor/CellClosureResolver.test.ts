import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closureResolver } from "../../../engine/executor/closureResolver";
import {
  reviveFunction,
  SHIPPED_FUNCTION,
  type ShippedFunction,
} from "../../../engine/executor/reviveFunction";
import { shipFunction } from "../../../engine/executor/shipFunction";
import { CellExecutor } from "../../../kernel/executor";
import { CellClosureResolver } from "../../../kernel/executor/CellClosureResolver";
import { silentOutput } from "../../helpers/silentOutput";

// Cells run through the real executor (tslab): closures defined in them ship with the values
// they capture, read by the resolver CellExecutor registers.

const quiet = silentOutput;

let executor: CellExecutor;
let count = 0;
beforeAll(() => {
  executor = CellExecutor.create();
}, 30_000);
afterAll(async () => {
  await executor.close();
});

/** Runs a cell; its last expression's value. */
async function cell(code: string): Promise<any> {
  const outcome = await executor.execute(code, quiet, ++count);
  if (outcome.status !== "ok") throw new Error(`cell failed: ${JSON.stringify(outcome)}`);
  return outcome.hasResult ? outcome.result : undefined;
}

function shipped(fn: Function): ShippedFunction {
  const r = shipFunction(fn);
  if ("reason" in r) throw new Error(r.reason);
  return r.shipped;
}
/** What a worker makes of it, after the structured clone between threads. */
const revived = (fn: Function) => reviveFunction(structuredClone(shipped(fn)), new Map());

describe("closures defined in notebook cells", () => {
  it("ship with a constant and a helper function of an earlier cell, computing the same", async () => {
    await cell("const minLength = 3;\nfunction weight(w: string) { return w.length * 2; }");
    const keep = await cell("const keep = (w: string) => w.length > minLength && weight(w) < 20;\nkeep");
    // tslab compiles a reference to another cell's declaration as `exports.<name>`.
    expect(keep.toString()).toContain("exports.minLength");
    expect(shipped(keep).captured).toEqual({
      exports: {
        minLength: 3,
        weight: {
          [SHIPPED_FUNCTION]: { source: "function weight(w) { return w.length * 2; }", captured: {} },
        },
      },
    });
    const g = revived(keep);
    for (const w of ["ab", "abcd", "abcdefghijkl"]) expect(g(w)).toBe(keep(w));
  });

  it("ship with a constant of their own cell, read by name", async () => {
    const under = await cell("const limit = 10;\nconst under = (x: number) => x < limit;\nunder");
    expect(shipped(under).captured).toEqual({ limit: 10 });
    expect(revived(under)(4)).toBe(true);
  });

  it("send a `let` changed later (a slider's onChange) with the next job", async () => {
    const above = await cell(
      "let threshold = 1;\nconst setThreshold = (v: number) => { threshold = v; };\n" +
        "const above = (x: number) => x > threshold;\nabove",
    );
    const later = await cell("const later = (x: number) => x > threshold;\nlater");
    expect(shipped(above).captured).toEqual({ threshold: 1 });
    expect(shipped(later).captured).toEqual({ exports: { threshold: 1 } });
    // What a slider's onChange does: call the cell's setter, which updates the cell's variable.
    await cell("setThreshold(5);");
    expect(shipped(above).captured).toEqual({ threshold: 5 });
    expect(shipped(later).captured).toEqual({ exports: { threshold: 5 } });
    for (const x of [3, 6]) {
      expect(revived(above)(x)).toBe(above(x));
      expect(revived(later)(x)).toBe(later(x));
    }
  });

  it("ship what the closure itself sees when a later cell assigns the `let` (tslab's semantics)", async () => {
    const below = await cell("let ceiling = 10;\nconst below = (x: number) => x < ceiling;\nbelow");
    const laterBelow = await cell("const laterBelow = (x: number) => x < ceiling;\nlaterBelow");
    // tslab compiles this to `exports.ceiling = 4`: the first cell's closure keeps reading its own
    // `ceiling` (10) on the main thread, a later cell's closure reads 4. Workers must agree.
    await cell("ceiling = 4;");
    expect(below(6)).toBe(true);
    expect(laterBelow(6)).toBe(false);
    expect(shipped(below).captured).toEqual({ ceiling: 10 });
    expect(shipped(laterBelow).captured).toEqual({ exports: { ceiling: 4 } });
    for (const x of [2, 6, 12]) {
      expect(revived(below)(x)).toBe(below(x));
      expect(revived(laterBelow)(x)).toBe(laterBelow(x));
    }
  });

  it("ship the variable the closure reads, not a cell declaration of the same name", async () => {
    const atLeastTwo = await cell(
      "const n = 5;\nfunction longer(n: number) { return (w: string) => w.length > n; }\nlonger(2)",
    );
    expect(shipped(atLeastTwo).captured).toEqual({ n: 2 });
    expect(revived(atLeastTwo)("abc")).toBe(true);
  });

  it("stay on the main thread when they increment a cell's `let`, saying why", async () => {
    await cell("let seen = 0;");
    const tally = await cell("const tally = (x: number) => { seen++; return x; };\ntally");
    expect(tally.toString()).toContain("exports.seen++");
    const r = shipFunction(tally);
    expect("reason" in r && r.reason).toMatch(
      /changes `seen` \(it applies \+\+ to it\).*Spark's closure rule/,
    );
    const sameCell = await cell("let hits = 0;\nconst hit = (x: number) => { hits += 1; return x; };\nhit");
    expect("reason" in shipFunction(sameCell) && shipFunction(sameCell)).toMatchObject({
      reason: expect.stringContaining("changes `hits`"),
    });
    // Left on the main thread, the change works as before.
    tally(1);
    expect(await cell("seen")).toBe(1);
  });

  it("stay on the main thread when they read a class instance, naming it", async () => {
    const scaled = await cell(
      "class Model { w = 2; }\nconst model = new Model();\nconst scaled = (x: number) => x * model.w;\nscaled",
    );
    const r = shipFunction(scaled);
    expect("reason" in r && r.reason).toMatch(
      /reads `model`, an instance of class Model;.*copy the numbers it needs/,
    );
  });

  it("is the resolver CellExecutor registered", () => {
    expect(closureResolver()).toBeDefined();
  });
});

describe("CellClosureResolver", () => {
  it("answers with the innermost variable the closure reads, current at the time of asking", () => {
    const resolver = new CellClosureResolver({});
    try {
      const k = 100;
      const make = (k: number) => {
        let calls = 0;
        return { f: (x: number) => x * k + calls + (k > 0 ? 0 : 1), bump: () => calls++ };
      };
      const { f, bump } = make(3);
      expect(k).toBe(100);
      expect(resolver.resolve("k", f)).toEqual({ value: 3 });
      expect(resolver.resolve("calls", f)).toEqual({ value: 0 });
      bump();
      expect(resolver.resolve("calls", f)).toEqual({ value: 1 });
      const table = { a: [1, 2] };
      const g = (x: string) => table[x as "a"];
      expect(resolver.resolve("table", g)?.value).toBe(table);
    } finally {
      resolver.close();
    }
  });

  it("does not answer globals, unknown names or native functions", () => {
    const resolver = new CellClosureResolver({});
    try {
      expect(resolver.resolve("process", (x: number) => process.pid + x)).toBeUndefined();
      expect(resolver.resolve("nothingHere", (x: number) => x)).toBeUndefined();
      expect(resolver.resolve("x", Math.max)).toBeUndefined();
    } finally {
      resolver.close();
    }
  });

  it("without an inspector answers only `exports`, with tslab's locals", () => {
    const locals = { min: 3 };
    const resolver = new CellClosureResolver(locals, null);
    const min = 3;
    expect(resolver.resolve("exports", (x: number) => x)).toEqual({ value: locals });
    expect(resolver.resolve("min", (x: number) => x > min)).toBeUndefined();
  });
});
