import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { StreamingContext } from "../../../engine";
import { CellExecutor, type ExecuteOutcome } from "../../../kernel/executor";
import { CellScripts, cellTraceback, FULL_TRACEBACK_ENV } from "../../../kernel/traceback";
import { RecordingOutput } from "../display/RecordingOutput";

// The real executor (tslab's compiler, the vm) with ManualClock streams: what a user sees when
// cell code throws, directly or from a stream's batch.

let executor: CellExecutor;
let count = 100;
beforeAll(() => {
  executor = CellExecutor.create();
}, 30_000);

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

async function run(code: string, out = new RecordingOutput()) {
  const executionCount = ++count;
  const outcome: ExecuteOutcome = await executor.execute(code, out, executionCount);
  return { ...outcome, out, executionCount };
}

function tracebackOf(outcome: ExecuteOutcome): string[] {
  if (outcome.status !== "error") throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome.traceback;
}

/** Nothing of the compiled JavaScript or of dstream-lab's own files reaches the user. */
function expectNoInternals(traceback: string[]): void {
  const text = traceback.join("\n");
  expect(text).not.toMatch(/evalmachine|cell-\d+(\.\d+)?\.js/);
  expect(text).not.toMatch(/[\\/](engine|kernel|ml|node_modules)[\\/]|node:internal/);
}

describe("cellTraceback: frames of cell code point at the cell's TypeScript", () => {
  it("a throw on line 4 of a cell with types above it reports line 4, and its caller line 7", async () => {
    const r = await run(
      [
        "interface Limits { max: number }",
        "const limits: Limits = { max: 1 };",
        "function check(x: number): number {",
        "  if (x > limits.max) throw new RangeError('too big: ' + x);",
        "  return x;",
        "}",
        "check(2);",
      ].join("\n"),
    );
    expect(r).toMatchObject({ status: "error", ename: "RangeError", evalue: "too big: 2" });
    const tb = tracebackOf(r);
    expect(tb.slice(0, 2)).toEqual([
      "RangeError: too big: 2",
      `    at check (Cell In[${r.executionCount}], line 4:29)`,
    ]);
    // The call on the cell's last line (kept by tslab as the cell's value): V8 points into `check(2)`.
    expect(tb[2]).toMatch(new RegExp(`^ {4}at Cell In\\[${r.executionCount}\\], line 7:[1-6]$`));
    expect(tb[tb.length - 1]).toMatch(/^ {4}… \d+ frames? inside dstream-lab and Node$/);
    expectNoInternals(tb);
  });

  it("a function defined in cell A and called from cell B reports A's line, then B's", async () => {
    const a = await run(
      [
        'const greeting = "hi";',
        "function boom(n: number): never {",
        "  throw new Error('boom ' + n);",
        "}",
      ].join("\n"),
    );
    expect(a.status).toBe("ok");
    const b = await run(
      ["const xs: number[] = [1, 2];", "", "xs.forEach((x) => {", "  if (x > 1) boom(x);", "});"].join("\n"),
    );
    const tb = tracebackOf(b);
    expect(tb.slice(0, 5)).toEqual([
      "Error: boom 2",
      `    at boom (Cell In[${a.executionCount}], line 3:9)`,
      `    at Cell In[${b.executionCount}], line 4:14`,
      "    at Array.forEach (<anonymous>)",
      `    at Cell In[${b.executionCount}], line 3:4`,
    ]);
    expectNoInternals(tb);
  });

  it("a rejected top-level await reports the async function's line and the awaiting line", async () => {
    const r = await run(
      [
        "async function later(): Promise<number> {",
        "  await null;",
        '  throw new Error("later");',
        "}",
        "await later();",
      ].join("\n"),
    );
    const tb = tracebackOf(r);
    expect(tb.slice(0, 3)).toEqual([
      "Error: later",
      `    at later (Cell In[${r.executionCount}], line 3:9)`,
      `    at async Cell In[${r.executionCount}], line 5:1`,
    ]);
  });

  it("a stream failure shows the user's map function and the function it called, mapped, and no engine frames", async () => {
    const a = await run(
      [
        "function parse(s: string): number {",
        "  const n = Number(s);",
        "  if (Number.isNaN(n)) throw new TypeError('not a number: ' + s);",
        "  return n;",
        "}",
      ].join("\n"),
    );
    const b = await run(
      [
        "const clockT = new ManualClock();",
        "const parsing = streamingContext(Seconds(1), { clock: clockT });",
        'parsing.queueStream<string>([["1", "x"]])',
        "  .map((s: string): number =>",
        "    parse(s))",
        "  .print();",
        "parsing.start();",
      ].join("\n"),
    );
    expect(b.status).toBe("ok");
    await run("await clockT.advance(Seconds(1))");
    const [error] = b.out.errors;
    expect(error).toMatchObject({ ename: "BatchFailedError" });
    expect(error.evalue).toMatch(/failed in output operation print\(10\): not a number: x/);
    expect(error.traceback.slice(1, 4)).toEqual([
      "TypeError: not a number: x",
      `    at parse (Cell In[${a.executionCount}], line 3:30)`,
      `    at Cell In[${b.executionCount}], line 5:5`,
    ]);
    expect(error.traceback[error.traceback.length - 1]).toMatch(
      /^ {4}… \d+ frames inside dstream-lab and Node$/,
    );
    expectNoInternals(error.traceback);
  });

  it("a type error still reports line:column in the cell", async () => {
    const r = await run("const a = 1;\nconst s: string = a;");
    expect(r).toMatchObject({ status: "error", ename: "TypeScriptError" });
    expect(r.status === "error" && r.evalue).toMatch(
      /^2:7 - Type 'number' is not assignable to type 'string'\.$/,
    );
  });
});

describe("cellTraceback: which frames are shown", () => {
  const root = path.resolve(__dirname, "..", "..", "..");
  const stack = [
    "Error: x",
    "    at userHelper (/home/me/notebooks/helpers.ts:3:9)",
    "    at Array.map (<anonymous>)",
    `    at MapStep.run (${root}/engine/rdd/steps.ts:10:5)`,
    "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    "    at tslab (/x/node_modules/tslab/dist/executor.js:1:1)",
  ].join("\n");

  it("keeps the user's files, hides dstream-lab, Node and node_modules frames and counts them", () => {
    expect(cellTraceback(stack, new CellScripts())).toEqual([
      "    at userHelper (/home/me/notebooks/helpers.ts:3:9)",
      "    … 4 frames inside dstream-lab and Node",
    ]);
  });

  it(`${FULL_TRACEBACK_ENV}=1 keeps every frame`, () => {
    process.env[FULL_TRACEBACK_ENV] = "1";
    try {
      expect(cellTraceback(stack, new CellScripts())).toHaveLength(5);
    } finally {
      delete process.env[FULL_TRACEBACK_ENV];
    }
  });
});
