import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../engine/rdd/support";

const SCRIPT = path.resolve(__dirname, "../../scripts/checkImportCycles.mjs");

function check(files: Record<string, string>): { status: number | null; output: string } {
  const root = tempDir("cycles-");
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT, "--root", root, "engine"], { encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe("checkImportCycles (run by npm test)", () => {
  it("passes this project's tree", () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toContain("import cycles: none");
    expect(r.status).toBe(0);
  });

  it("fails on a cycle between two folders, naming the imports that close it and the fix", () => {
    const r = check({
      "engine/rdd/RDD.ts": 'import { Executor } from "../executor/Executor";\nexport class RDD {}\n',
      "engine/executor/Executor.ts": 'import { RDD } from "../rdd/RDD";\nexport class Executor {}\n',
    });
    expect(r.status).toBe(1);
    expect(r.output).toContain("import cycle between folders: engine/executor, engine/rdd");
    expect(r.output).toContain("engine/rdd/RDD.ts imports engine/executor/Executor.ts");
    expect(r.output).toContain("Fix:");
  });

  it("ignores type-only imports and cycles inside one folder (a class hierarchy's barrel)", () => {
    const r = check({
      "engine/rdd/RDD.ts":
        'import type { Executor } from "../executor/Executor";\nimport { B } from "./B";\n',
      "engine/rdd/B.ts": 'import { RDD } from "./RDD";\nexport const B = 1;\n',
      "engine/executor/Executor.ts":
        'import { RDD } from "../rdd/RDD";\nimport { type X, type Y } from "../rdd/B";\nexport class Executor {}\n',
    });
    expect(r.output).toContain("import cycles: none");
    expect(r.status).toBe(0);
  });

  it("counts a dynamic import or require() as a runtime import", () => {
    const r = check({
      "engine/a/A.ts": 'export const load = () => require("../b/B");\n',
      "engine/b/B.ts": 'import { load } from "../a/A";\n',
    });
    expect(r.status).toBe(1);
  });
});
