import type * as Inspector from "node:inspector";
import type { ClosureResolver } from "../../engine/executor/closureResolver";

/*
 * Why scopes and not just tslab's `exports`: a name a closure reads is not always the notebook
 * declaration of that name. `function longer(n) { return (w) => w.length > n; }` reads its
 * parameter `n` even when a cell declared `const n = 5`; a closure from a cell re-declared later
 * still sees its own cell's value; and the engine's own closures read variables of their modules.
 * V8 keeps every variable a closure reads in the closure's scope chain ([[Scopes]]), which the
 * in-process inspector can read synchronously: the exact, current value of exactly that variable.
 * `exports` is found the same way (the parameter of tslab's cell wrapper) when a closure reads
 * another cell's declaration as `exports.<name>`.
 */

/** Where the closure and the looked-up value pass between this code and the inspector. */
const SLOT = `__dstreamLabClosureScope_${process.pid}_${Math.random().toString(36).slice(2)}`;
const GROUP = "dstream-lab-closure-scopes";

/**
 * Runs in the inspector with `this` = the closure's [[Scopes]] list (each entry `{ description,
 * object }`, innermost first): stores `{ value }` of the innermost scope declaring `name`. The
 * global scope is left out: what is only there (process, a globalThis property) is not captured.
 */
const LOOK_UP = `function (name, slot) {
  globalThis[slot] = undefined;
  for (let i = 0; i < this.length; i++) {
    const scope = this[i];
    if (String(scope.description).startsWith("Global")) continue;
    if (Object.prototype.hasOwnProperty.call(scope.object, name)) {
      globalThis[slot] = { value: scope.object[name] };
      return;
    }
  }
}`;

/**
 * The kernel's ClosureResolver: what a closure's names are, read from the closure itself. Without
 * an inspector (a Node built without one) it answers only `exports`, with tslab's `locals`, so
 * closures reading earlier cells' declarations still ship.
 *
 * @example
 * const resolver = new CellClosureResolver(tslab.locals);
 * setClosureResolver(resolver.resolve);
 * const min = 3;
 * resolver.resolve("min", (x: number) => x > min); // { value: 3 }
 */
export class CellClosureResolver {
  /** `session`: the in-process inspector; null when this Node has none. */
  constructor(
    private readonly locals: object,
    private session: Inspector.Session | null = connectInspector(),
  ) {}

  readonly resolve: ClosureResolver = (name, fn) => {
    if (!this.session) return name === "exports" ? { value: this.locals } : undefined;
    const g = globalThis as Record<string, unknown>;
    g[SLOT] = fn;
    try {
      const { result } = this.post("Runtime.evaluate", {
        expression: `globalThis[${JSON.stringify(SLOT)}]`,
        objectGroup: GROUP,
        silent: true,
      });
      if (!result.objectId) return undefined;
      const { internalProperties } = this.post("Runtime.getProperties", {
        objectId: result.objectId,
        ownProperties: true,
      });
      const scopes = internalProperties?.find((p) => p.name === "[[Scopes]]")?.value?.objectId;
      if (!scopes) return undefined;
      this.post("Runtime.callFunctionOn", {
        objectId: scopes,
        functionDeclaration: LOOK_UP,
        arguments: [{ value: name }, { value: SLOT }],
        silent: true,
      });
      return g[SLOT] as { value: unknown } | undefined;
    } finally {
      delete g[SLOT];
      this.post("Runtime.releaseObjectGroup", { objectGroup: GROUP });
    }
  };

  close(): void {
    this.session?.disconnect();
    this.session = null;
  }

  /** An inspector call; the in-process session answers before post returns. */
  private post<M extends keyof PostMethods>(method: M, params: PostMethods[M][0]): PostMethods[M][1] {
    let answered = false;
    let error: Error | null = null;
    let answer: unknown;
    (this.session!.post as Function)(method, params, (e: Error | null, r: unknown) => {
      answered = true;
      error = e;
      answer = r;
    });
    if (!answered) throw new Error(`the inspector did not answer ${method} synchronously`);
    if (error) throw error;
    return answer as PostMethods[M][1];
  }
}

function connectInspector(): Inspector.Session | null {
  try {
    // Loaded here, not imported: a Node built without an inspector throws on loading it.
    const inspector = require("node:inspector") as typeof Inspector;
    const session = new inspector.Session();
    session.connect();
    return session;
  } catch {
    return null;
  }
}

interface PostMethods {
  "Runtime.evaluate": [Inspector.Runtime.EvaluateParameterType, Inspector.Runtime.EvaluateReturnType];
  "Runtime.getProperties": [
    Inspector.Runtime.GetPropertiesParameterType,
    Inspector.Runtime.GetPropertiesReturnType,
  ];
  "Runtime.callFunctionOn": [
    Inspector.Runtime.CallFunctionOnParameterType,
    Inspector.Runtime.CallFunctionOnReturnType,
  ];
  "Runtime.releaseObjectGroup": [Inspector.Runtime.ReleaseObjectGroupParameterType, undefined];
}
