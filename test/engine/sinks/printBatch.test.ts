import { afterEach, describe, expect, it, vi } from "vitest";
import { Seconds } from "../../../engine";
import { manualContext } from "../../helpers/testStreams";

const DASHES = "-------------------------------------------";

/** Runs `define` on a fresh context for `batches` batches and returns what console.log printed. */
async function printed(
  define: (ssc: Awaited<ReturnType<typeof manualContext>>["ssc"]) => void,
  batches: number,
): Promise<string> {
  const { ssc, clock } = await manualContext();
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  define(ssc);
  ssc.start();
  await clock.advance(Seconds(batches));
  await ssc.stop();
  const text = log.mock.calls.map((args) => `${args.join(" ")}\n`).join("");
  log.mockRestore();
  return text;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("print", () => {
  it("prints Spark's layout: dashes, the batch time in ms, dashes, records as (k,v), a blank line", async () => {
    const text = await printed((ssc) => {
      ssc
        .queueStream<[string, number]>([
          [
            ["a", 1],
            ["b", 2],
          ],
        ])
        .print();
    }, 1);
    expect(text).toBe([DASHES, "Time: 1000 ms", DASHES, "(a,1)", "(b,2)", "", ""].join("\n"));
  });

  it('prints the first n records and "..." when there are more', async () => {
    const text = await printed((ssc) => {
      ssc
        .queueStream([
          [1, 2, 3, 4],
          [5, 6],
        ])
        .print(2);
    }, 2);
    expect(text).toBe(
      [
        DASHES,
        "Time: 1000 ms",
        DASHES,
        "1",
        "2",
        "...",
        "",
        DASHES,
        "Time: 2000 ms",
        DASHES,
        "5",
        "6",
        "",
        "",
      ].join("\n"),
    );
  });

  it("prints 10 records by default", async () => {
    const text = await printed((ssc) => {
      ssc.queueStream([Array.from({ length: 11 }, (_, i) => i)]).print();
    }, 1);
    const lines = text.split("\n");
    expect(lines.slice(3, 13)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(lines[13]).toBe("...");
  });

  it("prints only the header for an empty batch", async () => {
    const text = await printed((ssc) => {
      ssc.queueStream<number>([[]]).print();
    }, 1);
    expect(text).toBe([DASHES, "Time: 1000 ms", DASHES, "", ""].join("\n"));
  });

  it("formats nested tuples, strings and numbers like Spark's toString", async () => {
    const text = await printed((ssc) => {
      ssc
        .queueStream<unknown>([
          [
            ["k", [1, "x"]],
            ["a b", 2.5],
          ],
        ])
        .print();
    }, 1);
    expect(text.split("\n").slice(3, 5)).toEqual(["(k,(1,x))", "(a b,2.5)"]);
  });

  it("prints after each batch, in output order with other outputs", async () => {
    const order: string[] = [];
    await printed((ssc) => {
      const s = ssc.queueStream([["r"]]);
      s.foreachRDD(() => {
        order.push("before");
      });
      s.print();
      s.foreachRDD(() => {
        order.push(`after (print ran: ${(console.log as any).mock.calls.length})`);
      });
    }, 1);
    expect(order).toEqual(["before", "after (print ran: 1)"]);
  });
});
