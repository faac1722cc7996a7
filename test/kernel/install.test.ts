import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { installKernelSpec, kernelSpec } from "../../kernel/install";
import { tempDir } from "../helpers/testStreams";

describe("installKernelSpec", () => {
  it("writes kernel.json with absolute paths, interrupt_mode signal, and the Debian Jupyter lists it", () => {
    const dataDir = tempDir("jupyter-data-");
    const dir = installKernelSpec(dataDir);
    expect(dir).toBe(path.join(dataDir, "kernels", "dstream-lab"));
    const spec = JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"));
    expect(spec).toMatchObject({
      display_name: "TypeScript (dstream-lab)",
      language: "typescript",
      interrupt_mode: "signal",
    });
    expect(spec.argv[0]).toBe(process.execPath);
    expect(spec.argv.at(-1)).toBe("{connection_file}");
    expect(path.isAbsolute(spec.argv.at(-2))).toBe(true);
    expect(fs.existsSync(spec.argv.at(-2))).toBe(true);
    const listed = JSON.parse(
      execFileSync("/usr/bin/python3", ["-m", "jupyter", "kernelspec", "list", "--json"], {
        encoding: "utf8",
        env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: dataDir },
      }),
    );
    expect(listed.kernelspecs["dstream-lab"].spec.display_name).toBe("TypeScript (dstream-lab)");
  });

  it("is idempotent: installing again replaces the same file", () => {
    const dataDir = tempDir("jupyter-data-");
    installKernelSpec(dataDir);
    const dir = installKernelSpec(dataDir);
    expect(fs.readdirSync(path.join(dataDir, "kernels"))).toEqual(["dstream-lab"]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"))).toEqual(kernelSpec());
  });
});
