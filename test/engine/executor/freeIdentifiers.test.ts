import { describe, expect, it } from "vitest";
import { freeIdentifiers } from "../../../engine/executor/freeIdentifiers";

const free = (source: string) => {
  const r = freeIdentifiers(source);
  if ("reason" in r) throw new Error(r.reason);
  return [...r.free].sort();
};
const reason = (source: string) => {
  const r = freeIdentifiers(source);
  return "reason" in r ? r.reason : undefined;
};

describe("freeIdentifiers", () => {
  it("finds the names a function reads from outside, not its parameters or property names", () => {
    expect(free("(l) => l.split(' ').map(Number)")).toEqual(["Number"]);
    expect(free("(x) => x + offset")).toEqual(["offset"]);
    expect(free("({ a, b: [c] }, ...rest) => a + c + rest.length + o.p")).toEqual(["o"]);
    expect(free("(x) => ({ key: x, [k]: 1, short })")).toEqual(["k", "short"]);
  });

  it("follows var hoisting, block scopes and named function expressions", () => {
    expect(free("function f(n) { if (n) { var v = 1; } return v + f(n - 1); }")).toEqual([]);
    // `y` is declared only inside the inner block: the outer read is someone else's y.
    expect(free("(x) => { { let y = 1; } return y; }")).toEqual(["y"]);
    expect(free("(x) => { for (const w of x) use(w); return w; }")).toEqual(["use", "w"]);
    expect(free("(x) => { try { return x(); } catch (e) { return e; } }")).toEqual([]);
    expect(free("(x) => { switch (x) { case 1: let z = 2; return z; default: return q; } }")).toEqual(["q"]);
    expect(free("(x) => { function g() { return arguments.length; } return g(x); }")).toEqual([]);
  });

  it("does not let parameter defaults see the body's declarations", () => {
    expect(free("(x = y) => { let y = 2; return x + y; }")).toEqual(["y"]);
  });

  it("treats `arguments` in an arrow as the outer function's", () => {
    expect(free("(x) => arguments[0]")).toEqual(["arguments"]);
  });

  it("allows classes and methods defined inside, with their own `this`", () => {
    expect(
      free(
        "(x) => { class P { constructor(v) { this.v = v; } get() { return this.v; } } return new P(x).get(); }",
      ),
    ).toEqual([]);
    expect(free("(x) => ({ m() { return this; } }).m()")).toEqual([]);
  });

  it("rejects `this`, `super` and `import` at the function's own level", () => {
    expect(reason("(x) => this.scale * x")).toMatch(/this/);
    expect(reason("function (x) { return this.scale * x; }")).toMatch(/this/);
    expect(reason("(x) => import('fs')")).toMatch(/import/);
  });

  it("rejects sources that are not function expressions", () => {
    expect(reason("scale(x) { return x * 2; }")).toMatch(/not a function expression/);
    expect(reason("function push() { [native code] }")).toMatch(/not a function expression/);
    expect(reason("class A {}")).toMatch(/not a function expression/);
    expect(reason("get size() { return 1; }")).toMatch(/not a function expression/);
  });

  it("reads `exports.<name>` as a read of <name>, unless `exports` is declared inside", () => {
    const r = freeIdentifiers("(x) => exports.min + exports['max'] + exports.f(x)");
    if ("reason" in r) throw new Error(r.reason);
    expect([...r.exportsMembers].sort()).toEqual(["f", "max", "min"]);
    expect(r.exportsWhole).toBe(false);
    const whole = freeIdentifiers("(k) => exports[k] + exports.a");
    expect("reason" in whole || whole.exportsWhole).toBe(true);
    const own = freeIdentifiers("(exports) => exports.min");
    if ("reason" in own) throw new Error(own.reason);
    expect([...own.exportsMembers]).toEqual([]);
    expect([...own.free]).toEqual([]);
  });

  it("records changes to outside names only, by the name changed", () => {
    const changed = (source: string) => {
      const r = freeIdentifiers(source);
      if ("reason" in r) throw new Error(r.reason);
      return Object.fromEntries(r.mutations);
    };
    expect(changed("(x) => { exports.cnt++; seen.add(x); o.a.b = 1; }")).toEqual({
      cnt: "applies ++ to it",
      seen: "calls .add() on it",
      o: "assigns to a property of it",
    });
    expect(changed("(x, seen) => { let cnt = 0; cnt++; seen.add(x); [].push(x); return cnt; }")).toEqual({});
    expect(changed("(x) => { const a = [...arr]; a.sort(); return a; }")).toEqual({});
  });
});
