import { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { setClosureResolver } from "../../../engine/executor/closureResolver";
import {
  reviveFunction,
  SHIPPED_FUNCTION,
  type ShippedFunction,
} from "../../../engine/executor/reviveFunction";
import { MAX_CAPTURED_BYTES, shipFunction } from "../../../engine/executor/shipFunction";

/*
 * Closures are made from source text inside `with (env)`, so they read `env`'s properties live,
 * as a notebook closure reads its cell's variables, and the test resolver answers from the same
 * `env`: what a host that sees the closure's variables would say.
 */
type Env = Record<string, unknown>;
const closure = (env: Env, source: string) =>
  new Function("env", `with (env) { return (${source}); }`)(env) as (...args: any[]) => any;
const resolveFrom = (env: Env) => (name: string) => (name in env ? { value: env[name] } : undefined);

function shipped(fn: Function): ShippedFunction {
  const r = shipFunction(fn);
  if ("reason" in r) throw new Error(r.reason);
  return r.shipped;
}
function reason(fn: Function): string {
  const r = shipFunction(fn);
  if ("shipped" in r) throw new Error(`shipped: ${JSON.stringify(r.shipped)}`);
  return r.reason;
}
/** The function a worker would make: after a structured clone, the trip between threads. */
const revived = (fn: Function) => reviveFunction(structuredClone(shipped(fn)), new Map());

afterEach(() => setClosureResolver(undefined));

describe("shipFunction without a host resolver", () => {
  it("ships functions reading only standard globals and keeps closures back, saying why", () => {
    const f = (l: string) => l.split(" ").map(Number);
    expect(shipFunction(f)).toEqual({ shipped: { source: f.toString(), captured: {} } });
    const r = reason(closure({ min: 3 }, "(x) => x > min"));
    expect(r).toMatch(/^`\(x\) => x > min` reads `min`, which is not a standard global/);
    expect(reason(closure({ exports: { min: 3 } }, "(x) => x > exports.min"))).toMatch(/reads `min`/);
  });

  it("keeps back methods using `this`, bound and native functions and Node.js globals", () => {
    const obj = {
      k: 2,
      scale(x: number) {
        return x * this.k;
      },
    };
    for (const f of [
      obj.scale,
      ((x: number) => x).bind(null),
      Math.abs,
      (x: number) => process.pid + x,
      (x: number) => globalThis.setTimeout(() => x),
    ]) {
      expect(shipFunction(f)).toEqual({ reason: expect.any(String) });
    }
  });
});

describe("shipFunction with a host resolver", () => {
  it("ships plain captured values as they are, and the revived function computes the same", () => {
    const env: Env = {
      min: 3,
      word: "ab",
      on: true,
      none: null,
      nothing: undefined,
      big: 10n,
      weights: [1, 2, 3],
      cfg: { scale: 2, tags: ["x"] },
      lookup: new Map([["ab", 5]]),
      stop: new Set(["the"]),
      vec: new Float64Array([0.5, 1.5]),
      epoch: new Date(0),
    };
    setClosureResolver(resolveFrom(env));
    const f = closure(
      env,
      "(x) => [x > min, word + x, on, none, nothing, big * BigInt(x), weights[x % 3] * cfg.scale, " +
        "cfg.tags[0], lookup.get(word), stop.has('the'), vec[1] * x, epoch.getTime() + x]",
    );
    const s = shipped(f);
    expect(Object.keys(s.captured).sort()).toEqual(Object.keys(env).sort());
    expect(s.captured.weights).toBe(env.weights);
    const g = revived(f);
    for (const x of [0, 1, 4, 7]) expect(g(x)).toEqual(f(x));
  });

  it("ships captured functions recursively, with their own captures", () => {
    const env: Env = { k: 10 };
    env.scale = closure(env, "(v) => v * k");
    env.offset = closure(env, "function offset(v) { return scale(v) + 1; }");
    setClosureResolver(resolveFrom(env));
    const f = closure(env, "(x) => offset(x) - k");
    const s = shipped(f);
    const offset = (s.captured.offset as Record<string, ShippedFunction>)[SHIPPED_FUNCTION]!;
    expect(offset.source).toBe("function offset(v) { return scale(v) + 1; }");
    expect(offset.captured.scale).toEqual({
      [SHIPPED_FUNCTION]: { source: "(v) => v * k", captured: { k: 10 } },
    });
    const g = revived(f);
    for (const x of [0, 3, -2]) expect(g(x)).toBe(f(x));
  });

  it("ships `exports.<name>` reads as an `exports` holding just those names", () => {
    const exportsObject: Env = { min: 3, socket: new Socket(), unused: { big: "x".repeat(1000) } };
    exportsObject.double = closure({}, "(v) => v * 2");
    const env: Env = { exports: exportsObject };
    setClosureResolver(resolveFrom(env));
    const f = closure(env, "(x) => x > exports.min && exports['double'](x) < 100");
    const s = shipped(f);
    expect(Object.keys(s.captured)).toEqual(["exports"]);
    expect(s.captured.exports).toEqual({
      min: 3,
      double: { [SHIPPED_FUNCTION]: { source: "(v) => v * 2", captured: {} } },
    });
    const g = revived(f);
    for (const x of [1, 4, 60]) expect(g(x)).toBe(f(x));
  });

  it("refuses `exports` used as a whole, which would mean every notebook declaration", () => {
    const env: Env = { exports: { a: 1 } };
    setClosureResolver(resolveFrom(env));
    expect(reason(closure(env, "(k) => exports[k]"))).toMatch(/uses `exports` as a whole/);
    expect(reason(closure(env, "(x) => Object.keys(exports).length + x"))).toMatch(
      /uses `exports` as a whole/,
    );
  });

  it("reads the captured values anew on every call (a slider's value goes with the next job)", () => {
    const env: Env = { threshold: 1, exports: { factor: 2 } };
    setClosureResolver(resolveFrom(env));
    const f = closure(env, "(x) => x > threshold * exports.factor");
    expect(shipped(f).captured).toEqual({ threshold: 1, exports: { factor: 2 } });
    expect(revived(f)(3)).toBe(true);
    env.threshold = 5;
    (env.exports as Env).factor = 3;
    expect(shipped(f).captured).toEqual({ threshold: 5, exports: { factor: 3 } });
    expect(revived(f)(3)).toBe(false);
  });

  it("ships each closure's own values when closures share a source (the analysis is cached, values are not)", () => {
    const a: Env = { k: 1 };
    const b: Env = { k: 2 };
    const fa = closure(a, "(x) => x * k");
    const fb = closure(b, "(x) => x * k");
    setClosureResolver((name, fn) => {
      const env = fn === fa ? a : fn === fb ? b : {};
      return name in env ? { value: env[name] } : undefined;
    });
    expect(shipped(fa).captured).toEqual({ k: 1 });
    expect(shipped(fb).captured).toEqual({ k: 2 });
    expect(revived(fb)(5)).toBe(10);
  });

  it("keeps back closures over values that are not plain data, naming the function, the name and the fix", () => {
    class LinearModel {
      w = 2;
    }
    const env: Env = {
      model: new LinearModel(),
      pending: Promise.resolve(1),
      conn: new Socket(),
      cfg: { scale: 2, transform: (v: number) => v },
      byKey: new Map([["a", new LinearModel()]]),
      raw: Buffer.from("ab"),
      exports: { model: new LinearModel() },
    };
    setClosureResolver(resolveFrom(env));
    const r = reason(closure(env, "(x) => x * model.w"));
    expect(r).toBe(
      "`(x) => x * model.w` reads `model`, an instance of class LinearModel; only plain data (numbers, " +
        "strings, booleans, null, bigints, arrays, plain objects, Maps and Sets of those, typed arrays, " +
        "Dates) and functions that ship go to a worker: copy the numbers it needs into a const of plain " +
        "data, or leave it on the main thread",
    );
    expect(reason(closure(env, "(x) => pending"))).toMatch(/reads `pending`, a Promise;/);
    expect(reason(closure(env, "(x) => conn.writable"))).toMatch(
      /reads `conn`, an instance of class Socket;/,
    );
    expect(reason(closure(env, "(x) => cfg.scale * x"))).toMatch(
      /reads `cfg`, an object holding a function at \.transform;/,
    );
    expect(reason(closure(env, "(x) => byKey.get('a')"))).toMatch(
      /reads `byKey`, a Map holding an instance of class LinearModel at \.get\(a\);/,
    );
    expect(reason(closure(env, "(x) => raw[x]"))).toMatch(/reads `raw`, a Buffer;/);
    expect(reason(closure(env, "(x) => exports.model.w * x"))).toMatch(
      /reads `model`, an instance of class LinearModel;/,
    );
  });

  it("keeps back a closure whose captured function cannot ship, saying which", () => {
    const env: Env = { conn: new Socket(), parse: JSON.parse, bound: ((x: number) => x).bind(null) };
    env.send = closure(env, "(v) => conn.write(String(v))");
    setClosureResolver(resolveFrom(env));
    expect(reason(closure(env, "(x) => send(x)"))).toMatch(
      /^`\(x\) => send\(x\)` reads `send`, a function that cannot ship: `\(v\) => conn\.write\(String\(v\)\)` reads `conn`, an instance of class Socket;/,
    );
    expect(reason(closure(env, "(x) => parse(x)"))).toMatch(
      /reads `parse`, a function that cannot ship: `function parse\(\) \{ \[native code\] \}` cannot ship: its source is not a function expression/,
    );
    expect(reason(closure(env, "(x) => bound(x)"))).toMatch(/reads `bound`, a function that cannot ship/);
  });

  it("keeps back an arrow reading its enclosing function's `arguments`", () => {
    setClosureResolver(() => ({ value: { 0: 1 } }));
    const outer = new Function("return (x) => x + arguments.length;")();
    expect(reason(outer)).toMatch(/cannot ship: it reads the enclosing function's `arguments`/);
  });

  it("keeps back names the host does not know (Node.js globals)", () => {
    setClosureResolver(resolveFrom({}));
    expect(reason((x: number) => process.pid + x)).toMatch(
      /reads `process`, which is not a standard global and not a variable the host found/,
    );
  });

  it("stays up and keeps the function back when the resolver throws", () => {
    setClosureResolver(() => {
      throw new Error("inspector gone");
    });
    expect(reason(closure({ k: 1 }, "(x) => x + k"))).toMatch(
      /reads `k`, which could not be looked up: Error: inspector gone/,
    );
  });

  it("uses a standard global's name as the host's variable when the host knows one", () => {
    // A cell declared `const Map = …`: the closure reads that, not the global Map.
    const env: Env = { Map: { size: 2 } };
    setClosureResolver(resolveFrom(env));
    const f = closure(env, "(x) => Map.size + Math.max(x, 0)");
    expect(shipped(f).captured).toEqual({ Map: { size: 2 } });
    expect(revived(f)(3)).toBe(5);
  });

  it("ships sources wrapped by esbuild's __name helper without capturing it", () => {
    setClosureResolver(resolveFrom({}));
    const f = new Function("return (x) => { const g = __name((y) => y + 1, 'g'); return g(x); }")();
    expect(shipped(f).captured).toEqual({});
  });

  it("refuses functions that capture each other in a cycle; a named function calling itself ships", () => {
    const env: Env = {};
    env.fact = closure(env, "(n) => n <= 1 ? 1 : n * fact(n - 1)");
    env.isEven = closure(env, "(n) => n === 0 || isOdd(n - 1)");
    env.isOdd = closure(env, "(n) => n !== 0 && isEven(n - 1)");
    env.factorial = closure(env, "function factorial(n) { return n <= 1 ? 1 : n * factorial(n - 1); }");
    setClosureResolver(resolveFrom(env));
    expect(reason(env.fact as Function)).toMatch(
      /reads `fact`, which leads back to a function already being shipped .*declare `fact` as `function fact\(…\) \{…\}`/,
    );
    expect(reason(closure(env, "(x) => isEven(x)"))).toMatch(
      /reads `isEven`, a function that cannot ship: .*reads `isEven`, which leads back/,
    );
    const f = closure(env, "(x) => factorial(x)");
    expect(revived(f)(5)).toBe(120);
  });

  it("refuses functions nested through captures too deep", () => {
    const env: Env = { f0: closure({}, "(x) => x") };
    for (let i = 1; i <= 20; i++) env[`f${i}`] = closure(env, `(x) => f${i - 1}(x) + 1`);
    setClosureResolver(resolveFrom(env));
    expect(revived(env.f10 as Function)(0)).toBe(10);
    expect(reason(env.f20 as Function)).toMatch(/more than 16 deep/);
  });

  it("refuses closures carrying more than the size limit of data, in one value or in all", () => {
    const eight = MAX_CAPTURED_BYTES / 8;
    const env: Env = {
      huge: new Float64Array(eight + 1),
      half: new Float64Array(eight / 2 + 16),
      small: new Float64Array(1000),
    };
    setClosureResolver(resolveFrom(env));
    expect(reason(closure(env, "(x) => huge[x]"))).toMatch(/reads `huge`, which brings .* above 16 MB/);
    env.other = closure(env, "(x) => half[x]");
    expect(reason(closure(env, "(x) => half[x] + other(x)"))).toMatch(/above 16 MB/);
    expect(shipped(closure(env, "(x) => half[x] + small[x]")).captured.small).toBe(env.small);
  });
});

describe("shipFunction: closures that change outside state stay on the main thread", () => {
  const changes: [string, string][] = [
    ["(x) => { cnt++; return x; }", "cnt"],
    ["(x) => { --cnt; return x; }", "cnt"],
    ["(x) => { cnt += x; return x; }", "cnt"],
    ["(x) => { cnt = x; }", "cnt"],
    ["(x) => { exports.cnt++; return x; }", "cnt"],
    ["(x) => { exports.cnt = x; }", "cnt"],
    ["(x) => { exports['cnt'] -= 1; }", "cnt"],
    ["(x) => { exports.cnt = (cnt++, cnt); return x; }", "cnt"],
    ["(x) => { [first, second] = [x, x]; }", "first"],
    ["(x) => { ({ last } = { last: x }); }", "last"],
    ["(x) => { for (last of [x]) ; }", "last"],
    ["(x) => { o.k = x; }", "o"],
    ["(x) => { o.inner.k = x; }", "o"],
    ["(x) => { o[x] = 1; }", "o"],
    ["(x) => { delete o.k; }", "o"],
    ["(x) => { exports.o.k = x; }", "o"],
    ["(x) => { for (o.k of [x]) ; }", "o"],
    ["(x) => Object.assign(o, { x })", "o"],
    ["(x) => Reflect.set(o, 'k', x)", "o"],
    ...[
      "push",
      "pop",
      "shift",
      "unshift",
      "splice",
      "sort",
      "reverse",
      "fill",
      "copyWithin",
      "set",
      "add",
      "delete",
      "clear",
    ].map((m): [string, string] => [`(x) => seen.${m}(x)`, "seen"]),
    ["(x) => seen['add'](x)", "seen"],
    ["(x) => exports.seen.add(x)", "seen"],
    ["(x) => o.list.push(x)", "o"],
    ["(x) => o?.list.push(x)", "o"],
    ["(x) => { const g = () => { cnt++; }; g(); return x; }", "cnt"],
  ];

  it.each(changes)("%s changes `%s`", (source, name) => {
    const env: Env = { cnt: 0, first: 0, second: 0, last: 0, o: { inner: {}, list: [] }, seen: new Set() };
    env.exports = { cnt: 0, o: {}, seen: new Set() };
    setClosureResolver(resolveFrom(env));
    const r = reason(closure(env, source));
    expect(r).toContain(`changes \`${name}\``);
    expect(r).toContain("Spark's closure rule");
    expect(r).toContain("return the value and combine it with reduce");
    expect(r).toContain("runs on the main thread");
  });

  it("refuses them without a resolver too, with the same reason", () => {
    expect(reason(closure({ cnt: 0 }, "(x) => { cnt++; return x; }"))).toMatch(
      /changes `cnt` \(it applies \+\+ to it\)/,
    );
  });

  it("ships functions that change only their own values or copies", () => {
    const env: Env = { arr: [3, 1, 2], s: new Set([1]) };
    setClosureResolver(resolveFrom(env));
    for (const source of [
      "(x) => arr.slice().sort()",
      "(x) => [...arr].reverse()",
      "(x) => arr.map((v) => v + x).sort()",
      "(x) => { const a = []; a.push(x); return a; }",
      "(x) => new Set(s).add(x).size",
      "(m) => m.set(1, 2)",
      "(x) => { let arr = [x]; arr.push(1); return arr; }",
      "(x) => { const o = {}; o.k = x; return o; }",
      "(x) => { let n = 0; for (const v of arr) n += v * x; return n; }",
    ]) {
      const f = closure(env, source);
      const g = revived(f);
      const input = source.startsWith("(m)") ? new Map() : 2;
      expect(g(input)).toEqual(f(input));
    }
    expect(env.arr).toEqual([3, 1, 2]);
  });
});
