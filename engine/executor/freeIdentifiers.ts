import { parseExpressionAt } from "acorn";

/** What a function's source reads from outside itself, or why it cannot stand alone. */
export type SourceAnalysis = { free: Set<string> } | { reason: string };

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
  return walker.problem ? { reason: walker.problem } : { free: walker.free };
}

class Walker {
  readonly free = new Set<string>();
  problem: string | undefined;

  /** `thisBound`: whether `this` here belongs to a function or class inside the source. */
  visit(node: any, scope: Scope, thisBound: boolean): void {
    if (!node || this.problem) return;
    switch (node.type) {
      case "Identifier":
        if (!scope.has(node.name)) this.free.add(node.name);
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
      case "MemberExpression":
        this.visit(node.object, scope, thisBound);
        if (node.computed) this.visit(node.property, scope, thisBound);
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
