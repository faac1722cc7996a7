import * as ts from "@tslab/typescript-for-tslab";
import { alignTokens } from "./alignTokens";

/** A 1-based line and column, as stack traces and editors count them. */
export interface SourcePosition {
  line: number;
  column: number;
}

interface Tokens {
  texts: string[];
  starts: number[];
}

/**
 * Maps positions in the JavaScript tslab compiled a cell to (what the vm runs) back to the cell's
 * TypeScript. tslab's compiler options are fixed inside its converter and emit no source map, so
 * the map is computed from the two texts: their tokens are paired along a longest common
 * subsequence (types were removed, `exports.` and `exports.x = x;` added; everything else keeps
 * its order and spelling). A position in the JavaScript maps to the token it falls on or, for a
 * token the compiler added, the next token that came from the cell. Built on first use.
 *
 * @example
 * const map = new CellSourceMap("const x: number = 1;\nthrow new Error(`${x}`);", compiledJs);
 * map.originalPosition(5, 11); // { line: 2, column: 7 } — where `new Error` is in the cell
 */
export class CellSourceMap {
  /** Per compiled token: its start and end, and the offset in the cell of the token it came from (-1: added). */
  private computed: { starts: Int32Array; ends: Int32Array; origins: Int32Array } | null | undefined;

  constructor(
    /** The cell's TypeScript, as the user wrote it. */
    readonly source: string,
    /** The JavaScript the vm ran; line 1 of it is line 1 of the script. */
    readonly compiled: string,
  ) {}

  /** True for a line of the script outside the compiled cell: the wrapper tslab runs it in. */
  isWrapperLine(line: number): boolean {
    return line < 1 || line > this.compiled.split("\n").length;
  }

  /** Where (1-based line, column) of the compiled script came from in the cell, if it did. */
  originalPosition(line: number, column: number): SourcePosition | undefined {
    const map = this.alignment();
    if (!map) return undefined;
    const offset = offsetOf(this.compiled, line, column);
    if (offset === undefined) return undefined;
    // The compiled token at or after the offset, then the first one that came from the cell.
    let j = firstEndingAfter(map.ends, offset);
    while (j < map.origins.length && map.origins[j] < 0) j++;
    if (j >= map.origins.length) return undefined;
    return positionOf(this.source, map.origins[j]);
  }

  private alignment() {
    if (this.computed === undefined) {
      const source = tokensOf(this.source, ts.ScriptKind.TS);
      const compiled = tokensOf(this.compiled, ts.ScriptKind.JS);
      const pairs = alignTokens(source.texts, compiled.texts);
      // Only numbers are kept: a few bytes per token, not the token strings and syntax trees.
      this.computed = pairs
        ? {
            starts: Int32Array.from(compiled.starts),
            ends: Int32Array.from(compiled.starts, (start, i) => start + compiled.texts[i].length),
            origins: pairs.map((i) => (i < 0 ? -1 : source.starts[i])),
          }
        : null;
    }
    return this.computed;
  }
}

/**
 * The tokens of a script, comments and whitespace left out, from its syntax tree (so `/` and `}`
 * of regexes and templates scan right). Types are left out too: the compiled code has none, and
 * every token fewer to pair is less work (the alignment costs time D·(N+M) and memory D²); so is
 * the compiled code's export bookkeeping, which the cell has none of.
 */
function tokensOf(text: string, kind: ts.ScriptKind): Tokens {
  const file = ts.createSourceFile(
    kind === ts.ScriptKind.JS ? "x.js" : "x.ts",
    text,
    ts.ScriptTarget.Latest,
    true, // parents: isTypeOnly and isExportBookkeeping look at them
    kind,
  );
  const tokens: Tokens = { texts: [], starts: [] };
  const visit = (node: ts.Node) => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    if (isTypeOnly(node) || isExportBookkeeping(node, file)) return;
    const children = node.getChildren(file);
    if (children.length === 0) {
      if (node.kind === ts.SyntaxKind.EndOfFileToken) return;
      const start = node.getStart(file);
      if (node.end <= start) return;
      tokens.texts.push(text.slice(start, node.end));
      tokens.starts.push(start);
      return;
    }
    for (const child of children) visit(child);
  };
  visit(file);
  return tokens;
}

/** The offset of a 1-based line and column in `text`, or undefined past its end. */
function offsetOf(text: string, line: number, column: number): number | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const offset = start + column - 1;
  return offset <= text.length ? offset : undefined;
}

/** The 1-based line and column of an offset in `text`. */
function positionOf(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** Index of the first token that ends after `offset` (the one it falls on, or the next one). */
function firstEndingAfter(ends: Int32Array, offset: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A type annotation or argument, an interface or a type alias: nothing of it is compiled. */
function isTypeOnly(node: ts.Node): boolean {
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return true;
  if (!ts.isTypeNode(node)) return false;
  const parent = node.parent as
    | (ts.Node & { type?: ts.Node; typeArguments?: ts.NodeArray<ts.Node> })
    | undefined;
  return (
    !parent || parent.type === node || Boolean(parent.typeArguments?.includes(node)) || ts.isTypeNode(parent)
  );
}

/** `exports.a = exports.b = void 0;`, `exports.a = a;`, `Object.defineProperty(exports, "__esModule", …)`: tslab's. */
function isExportBookkeeping(node: ts.Node, file: ts.SourceFile): boolean {
  if (!ts.isExpressionStatement(node) || !ts.isSourceFile(node.parent)) return false;
  const text = node.getText(file);
  return (
    /^exports\.[\w$]+ = (?:exports\.[\w$]+ = )*(?:void 0|[\w$]+);$/.test(text) ||
    text.startsWith('Object.defineProperty(exports, "__esModule"')
  );
}
