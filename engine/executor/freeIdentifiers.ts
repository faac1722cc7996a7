import { parseExpressionAt } from "acorn";

/**
 * What a function's source reads from outside itself, or why it cannot stand alone.
 * - `free`: every name it reads or writes that nothing inside declares;
 * - `exportsMembers`: the names it reads as `exports.<name>` (how tslab compiles a reference to an
 *   earlier notebook cell's declaration), when `exports` is free;
 * - `exportsWhole`: whether it also uses a free `exports` other than as `exports.<name>`;
 * - `mutations`: outside state it changes, by name (`exports.<name>` counts as `<name>`), with how.
 */
export type SourceAnalysis =
  | {
      free: Set<string>;
      exportsMembers: Set<string>;
      exportsWhole: boolean;
      mutations: Map<string, string>;
    }
  | { reason: string };

/** Methods that change the array, Map, Set or typed array they are called on. */
const MUTATING_METHODS: ReadonlySet<string> = new Set([
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
]);

/** Standard functions that change their first argument. */
const MUTATING_STATICS: Readonly<Record<string, ReadonlySet<string>>> = {
  Object: new Set(["assign", "defineProperty", "defineProperties", "setPrototypeOf"]),
  Reflect: new Set(["set", "defineProperty", "deleteProperty", "setPrototypeOf"]),
};

/*
 * A function can be re-created in another thread from its source text only if the text is a
 * function expression and every name it reads is declared inside it or is a global there too.
 * This walks the syntax tree with lexical scopes (var hoisting, block-scoped let/const/class,
 * parameters, catch clauses, named function expressions) and collects the names that resolve to
 * nothing inside: a closure's captured variables, imports, module-level helpers. It errs on the
 * side of "free": a name is bound only where JavaScript's rules certainly bind it.
 */

class Scope {
  readonly names = new Set<string>();
  constructor(readonly parent: Scope | undefined) {}

  has(name: string): boolean {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.names.has(name)) return true;
    return false;
  }
}

/**
 * The free identifiers of a function's source, or a reason it cannot be re-evaluated on its own
 * (not a function expression — a method, getter, class or native code — or it uses `this`,
 * `super` or `import`).
 *
 * @example
 * freeIdentifiers("(l) => l.split(' ').map(Number)"); // { free: Set { "Number" } }
 * freeIdentifiers("(x) => x + offset"); // { free: Set { "offset" } }
 */
export function freeIdentifiers(source: string): SourceAnalysis {
  let ast: any;
  try {
    ast = parseExpressionAt(source, 0, { ecmaVersion: "latest" });
  } catch {
    return { reason: "its source is not a function expression (a method, getter, class or native code)" };
  }
  if (
    (ast.type !== "ArrowFunctionExpression" && ast.type !== "FunctionExpression") ||
    source.slice(ast.end).trim() !== ""
  ) {
    return { reason: "its source is not a function expression (a method, getter, class or native code)" };
  }
  const walker = new Walker();
  walker.fn(ast, new Scope(undefined), false, true);
  if (walker.problem) return { reason: walker.problem };
  return {
    free: walker.free,
    exportsMembers: walker.exportsMembers,
    exportsWhole: walker.exportsWhole,
    mutations: walker.mutations,
  };
}

class Walker {
  readonly free = new Set<string>();
  readonly exportsMembers = new Set<string>();
  exportsWhole = false;
  readonly mutations = new Map<string, string>();
  problem: string | undefined;

  /** `thisBound`: whether `this` here belongs to a function or class inside the source. */
  visit(node: any, scope: Scope, thisBound: boolean): void {
    if (!node || this.problem) return;
    switch (node.type) {
      case "Identifier":
        if (!scope.has(node.name)) {
          this.free.add(node.name);
          if (node.name === "exports") this.exportsWhole = true;
        }
        return;
      case "ThisExpression":
      case "Super":
        // The outer `this` is whatever the caller passed: not something a worker can reproduce.
        if (!thisBound) this.problem = `it uses \`${node.type === "Super" ? "super" : "this"}\``;
        return;
      case "MetaProperty":
        if (node.meta.name === "import") this.problem = "it uses `import.meta`";
        return;
      case "ImportExpression":
        this.problem = "it uses `import()`";
        return;
      case "PrivateIdentifier":
      case "BreakStatement":
      case "ContinueStatement":
        return;
      case "LabeledStatement":
        this.visit(node.body, scope, thisBound);
        return;
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "FunctionDeclaration":
        this.fn(node, scope, thisBound);
        return;
      case "ClassExpression":
      case "ClassDeclaration":
        this.cls(node, scope, thisBound);
        return;
      case "MemberExpression": {
        const member = exportsMember(node, scope);
        if (member !== undefined) {
          this.free.add("exports");
          this.exportsMembers.add(member);
          return;
        }
        this.visit(node.object, scope, thisBound);
        if (node.computed) this.visit(node.property, scope, thisBound);
        return;
      }
      case "AssignmentExpression":
        this.changes(node.left, scope, node.operator === "=" ? "assigns to" : "updates");
        this.children(node, scope, thisBound);
        return;
      case "UpdateExpression":
        this.changes(node.argument, scope, `applies ${node.operator} to`);
        this.children(node, scope, thisBound);
        return;
      case "UnaryExpression":
        if (node.operator === "delete") this.changes(node.argument, scope, "deletes");
        this.children(node, scope, thisBound);
        return;
      case "CallExpression":
        this.call(node, scope);
        this.children(node, scope, thisBound);
        return;
      case "Property":
        if (node.computed) this.visit(node.key, scope, thisBound);
        this.visit(node.value, scope, thisBound);
        return;
      case "BlockStatement":
      case "StaticBlock":
        this.statements(node.body, this.block(node.body, scope), thisBound);
        return;
      case "SwitchStatement": {
        this.visit(node.discriminant, scope, thisBound);
        const inner = this.block(
          node.cases.flatMap((c: any) => c.consequent),
          scope,
        );
        for (const c of node.cases) {
          this.visit(c.test, inner, thisBound);
          this.statements(c.consequent, inner, thisBound);
        }
        return;
      }
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement": {
        const head = node.init ?? node.left;
        // `for (o.k of xs)` and `for (k in o)` with an outer `k` assign to what they name.
        if (node.left && head.type !== "VariableDeclaration") this.changes(node.left, scope, "assigns to");
        const inner = head?.type === "VariableDeclaration" ? this.block([head], scope) : scope;
        this.children(node, inner, thisBound);
        return;
      }
      case "CatchClause": {
        const inner = new Scope(scope);
        if (node.param) for (const n of boundNames(node.param)) inner.names.add(n);
        this.children(node, inner, thisBound);
        return;
      }
      default:
        this.children(node, scope, thisBound);
    }
  }

  /**
   * Records that `target` (an assignment target, an operand of ++/--/delete, the object of a
   * mutating call) changes outside state when it is, or reaches through properties into, a free
   * name. A worker changes only its own copy of such a value, and the change never comes back.
   */
  changes(target: any, scope: Scope, how: string): void {
    switch (target?.type) {
      case "ObjectPattern":
        for (const p of target.properties)
          this.changes(p.type === "RestElement" ? p.argument : p.value, scope, how);
        return;
      case "ArrayPattern":
        for (const e of target.elements) this.changes(e, scope, how);
        return;
      case "RestElement":
        this.changes(target.argument, scope, how);
        return;
      case "AssignmentPattern":
        this.changes(target.left, scope, how);
        return;
    }
    let node = target;
    let depth = 0;
    const path: any[] = [];
    for (;;) {
      if (node?.type === "ChainExpression") node = node.expression;
      else if (node?.type === "MemberExpression") {
        path.push(node);
        node = node.object;
        depth++;
      } else break;
    }
    if (node?.type !== "Identifier" || scope.has(node.name)) return;
    let name = node.name;
    // `exports.cnt++` changes `cnt`: tslab's spelling of another cell's `cnt`.
    const first = path[path.length - 1];
    if (name === "exports" && first) {
      const member = staticProperty(first);
      if (member !== undefined) {
        name = member;
        depth--;
      }
    }
    if (!this.mutations.has(name))
      this.mutations.set(name, depth === 0 ? `${how} it` : `${how} a property of it`);
  }

  /** A call to a method that changes its object (`seen.add(x)`), or `Object.assign(o, …)`. */
  call(node: any, scope: Scope): void {
    let callee = node.callee;
    if (callee?.type === "ChainExpression") callee = callee.expression;
    if (callee?.type !== "MemberExpression") return;
    const method = staticProperty(callee);
    if (method === undefined) return;
    const object = callee.object;
    if (
      object.type === "Identifier" &&
      !scope.has(object.name) &&
      MUTATING_STATICS[object.name]?.has(method)
    ) {
      this.changes(node.arguments[0], scope, `calls ${object.name}.${method} on`);
    } else if (MUTATING_METHODS.has(method)) {
      this.changes(object, scope, `calls .${method}() on`);
    }
  }

  /** `top`: the function being analysed itself, whose `this` is whatever its caller passes. */
  fn(node: any, outer: Scope, thisBound: boolean, top = false): void {
    // Parameters get their own scope: their defaults cannot see the body's declarations.
    const params = new Scope(outer);
    const arrow = node.type === "ArrowFunctionExpression";
    if (!arrow) params.names.add("arguments");
    if (node.type === "FunctionExpression" && node.id) params.names.add(node.id.name);
    for (const p of node.params) for (const n of boundNames(p)) params.names.add(n);
    // `this` inside a nested ordinary function is that function's own; in an arrow it is the outer one.
    const inner = arrow ? thisBound : !top;
    for (const p of node.params) this.visit(p, params, inner);
    if (node.body.type === "BlockStatement") {
      const body = this.block(node.body.body, params);
      collectVars(node.body.body, body.names);
      this.statements(node.body.body, body, inner);
    } else {
      this.visit(node.body, params, inner);
    }
  }

  cls(node: any, outer: Scope, thisBound: boolean): void {
    this.visit(node.superClass, outer, thisBound);
    const scope = new Scope(outer);
    if (node.id) scope.names.add(node.id.name);
    for (const member of node.body.body) {
      if (member.computed) this.visit(member.key, scope, thisBound);
      if (member.type === "StaticBlock") this.visit(member, scope, true);
      else this.visit(member.value, scope, true);
    }
  }

  /** A new scope holding the block's let, const, class and function declarations. */
  block(statements: any[], outer: Scope): Scope {
    const scope = new Scope(outer);
    for (const s of statements) {
      if (s.type === "VariableDeclaration" && s.kind !== "var") {
        for (const d of s.declarations) for (const n of boundNames(d.id)) scope.names.add(n);
      } else if ((s.type === "FunctionDeclaration" || s.type === "ClassDeclaration") && s.id) {
        scope.names.add(s.id.name);
      }
    }
    return scope;
  }

  statements(statements: any[], scope: Scope, thisBound: boolean): void {
    for (const s of statements) this.visit(s, scope, thisBound);
  }

  children(node: any, scope: Scope, thisBound: boolean): void {
    for (const key of Object.keys(node)) {
      const v = node[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === "string") this.visit(c, scope, thisBound);
      } else if (v && typeof v === "object" && typeof v.type === "string") {
        this.visit(v, scope, thisBound);
      }
    }
  }
}

/** The name of `o.name` or `o["name"]`; undefined for a computed key. */
function staticProperty(member: any): string | undefined {
  if (!member.computed && member.property.type === "Identifier") return member.property.name;
  if (member.computed && member.property.type === "Literal" && typeof member.property.value === "string") {
    return member.property.value;
  }
  return undefined;
}

/** `<name>` when `node` is `exports.<name>` and `exports` is not declared inside the function. */
function exportsMember(node: any, scope: Scope): string | undefined {
  if (node.object.type !== "Identifier" || node.object.name !== "exports" || scope.has("exports")) {
    return undefined;
  }
  return staticProperty(node);
}

/** The names a binding pattern declares: `a`, `{ a, b: [c] }`, `...rest`, `d = 1`. */
function boundNames(pattern: any): string[] {
  switch (pattern?.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p: any) =>
        boundNames(p.type === "RestElement" ? p.argument : p.value),
      );
    case "ArrayPattern":
      return pattern.elements.flatMap((e: any) => (e ? boundNames(e) : []));
    case "RestElement":
      return boundNames(pattern.argument);
    case "AssignmentPattern":
      return boundNames(pattern.left);
    default:
      return [];
  }
}

/** `var` declarations anywhere in a function body, which belong to the whole function. */
function collectVars(node: any, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectVars(n, into);
    return;
  }
  if (!node || typeof node.type !== "string") return;
  if (node.type.includes("Function") || node.type.startsWith("Class")) return;
  if (node.type === "VariableDeclaration" && node.kind === "var") {
    for (const d of node.declarations) for (const n of boundNames(d.id)) into.add(n);
  }
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (v && typeof v === "object") collectVars(v, into);
  }
}
