import { describe, expect, it } from "vitest";
import { shippableSource } from "../../../engine/executor/shippableSource";

describe("shippableSource", () => {
  it("ships functions that read only their arguments and standard globals", () => {
    const f = (l: string) => l.split(" ").map((w) => Math.max(w.length, Number.parseInt(w, 10) || 0));
    expect(shippableSource(f)).toEqual({ source: f.toString() });
    expect("source" in shippableSource((x: number) => JSON.stringify([x, new Date(0), new Map()]))).toBe(
      true,
    );
  });

  it("ships sources wrapped by esbuild's __name helper", () => {
    // What tsx makes of a named inner function; the worker defines __name the same way.
    const f = new Function("return (x) => { const g = __name((y) => y + 1, 'g'); return g(x); }")();
    expect("source" in shippableSource(f)).toBe(true);
  });

  it("keeps closures, `this`, methods, bound and native functions on the main thread, saying why", () => {
    const min = 3;
    expect(shippableSource((x: number) => x > min)).toEqual({
      reason: expect.stringContaining("`min`"),
    });
    const obj = {
      k: 2,
      scale(x: number) {
        return x * this.k;
      },
    };
    expect("reason" in shippableSource(obj.scale)).toBe(true);
    expect("reason" in shippableSource(((x: number) => x).bind(null))).toBe(true);
    expect("reason" in shippableSource(Math.abs)).toBe(true);
    expect("reason" in shippableSource((x: number) => process.pid + x)).toBe(true);
    expect("reason" in shippableSource((x: number) => globalThis.setTimeout(() => x))).toBe(true);
  });
});
