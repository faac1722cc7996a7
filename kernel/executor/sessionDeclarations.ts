import type { Converter } from "tslab/dist/converter";

/**
 * The declarations that make the session's exports visible to every cell, as tslab keeps the
 * declarations of earlier cells: `import { a, b, … } from "<session module>"`. The names (values
 * and types) are listed by asking the compiler for the members of the module, so whatever the
 * session module names (kernel/session/index.ts) appears with no second list kept here.
 */
export function sessionDeclarations(converter: Converter, sessionModule: string): string {
  const probe = `import * as __session__ from ${JSON.stringify(sessionModule)};\n`;
  const values = "__session__.";
  const types = "let __type__: __session__.";
  const names = new Set([
    ...converter.complete(probe, values, values.length).candidates,
    ...converter.complete(probe, types, types.length).candidates,
  ]);
  const identifiers = [...names].filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default").sort();
  if (identifiers.length === 0) {
    throw new Error(
      `The session module ${sessionModule} exports nothing the compiler can see. ` +
        "Fix: check that it type-checks (npm run typecheck).",
    );
  }
  return `import { ${identifiers.join(", ")} } from ${JSON.stringify(sessionModule)};\n`;
}
