import { describe, expect, it, vi } from "vitest";
import { BatchContext } from "../../../engine";
import { DisplayHandle, display } from "../../../kernel/display";
import { cellOutputStorage } from "../../../kernel/output";
import { RecordingOutput } from "./RecordingOutput";

describe("display", () => {
  it("shows a value in the current cell and updates it in place under the same display id", () => {
    const out = new RecordingOutput();
    const h = cellOutputStorage.run(out, () => display("starting"));
    h.update(new BatchContext().parallelize([{ word: "a", n: 2 }]));
    expect(out.displays).toEqual([
      { kind: "display", data: { "text/plain": "starting" }, displayId: h.displayId },
    ]);
    expect(out.updates).toHaveLength(1);
    expect(out.updates[0]!.displayId).toBe(h.displayId);
    expect(out.updates[0]!.data["text/html"]).toContain("<th>word</th>");
  });

  it("an update from another cell still lands in the cell that showed it", () => {
    const first = new RecordingOutput();
    const second = new RecordingOutput();
    const h = cellOutputStorage.run(first, () => display(1));
    cellOutputStorage.run(second, () => h.update(2));
    expect(second.calls).toEqual([]);
    expect(first.latest(h.displayId)).toEqual({ "text/plain": "2" });
  });

  it("shows a mime bundle as it is (detected, or with raw), and rejects a raw non-bundle", () => {
    const out = new RecordingOutput();
    cellOutputStorage.run(out, () => {
      display({ "text/html": "<b>hi</b>", "text/plain": "hi" });
      display({ "x-custom": 1 }, { raw: true });
      display({ a: 1 });
    });
    expect(out.displays.map((d) => d.data)).toEqual([
      { "text/html": "<b>hi</b>", "text/plain": "hi" },
      { "x-custom": 1 },
      { "text/plain": "{ a: 1 }" },
    ]);
    expect(() => cellOutputStorage.run(out, () => display("x", { raw: true }))).toThrow(
      /needs a mime bundle object/,
    );
  });

  it("reuses a given display id, so two outputs update together", () => {
    const out = new RecordingOutput();
    const [a, b] = cellOutputStorage.run(out, () => [
      display(1, { displayId: "d" }),
      display(1, { displayId: "d" }),
    ]);
    expect(a!.displayId).toBe("d");
    expect(b!.displayId).toBe("d");
  });

  it("outside a cell prints the text form instead", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const h = display([1, 2]);
      h.update("later");
      expect(log.mock.calls).toEqual([["[ 1, 2 ]"], ["later"]]);
      expect(h).toBeInstanceOf(DisplayHandle);
    } finally {
      log.mockRestore();
    }
  });
});
