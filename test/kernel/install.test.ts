import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  installKernelSpec,
  kernelDataDirs,
  kernelSpec,
  PROJECT_VENV,
  venvDataDir,
} from "../../kernel/install";
import { tempDir } from "../helpers/testStreams";
import { requireVenv } from "../helpers/venv";

const DEBIAN_JUPYTER = ["/usr/bin/python3", "-m", "jupyter"];

/** `jupyter kernelspec list --json` of one Jupyter, reading only `dataDir` besides its own paths. */
function listedSpecs(
  jupyter: string[],
  dataDir: string,
): Record<string, { resource_dir: string; spec: any }> {
  const out = execFileSync(jupyter[0]!, [...jupyter.slice(1), "kernelspec", "list", "--json"], {
    encoding: "utf8",
    env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: dataDir },
  });
  return JSON.parse(out).kernelspecs;
}

/** The data directories one Jupyter searches, with an empty user data directory. */
function dataPaths(jupyter: string[]): string[] {
  const out = execFileSync(jupyter[0]!, [...jupyter.slice(1), "--paths", "--json"], {
    encoding: "utf8",
    env: { ...process.env, JUPYTER_DATA_DIR: tempDir("jupyter-data-"), JUPYTER_PATH: "" },
  });
  return JSON.parse(out).data;
}

describe("installKernelSpec", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("writes kernel.json with absolute paths, interrupt_mode signal, and both Jupyters list it", () => {
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
    for (const jupyter of [DEBIAN_JUPYTER, [requireVenv()]]) {
      const listed = listedSpecs(jupyter, dataDir)["dstream-lab"];
      expect(listed?.spec.display_name).toBe("TypeScript (dstream-lab)");
      expect(listed?.resource_dir).toBe(dir);
    }
  });

  it("is idempotent: installing again replaces the same file", () => {
    const dataDir = tempDir("jupyter-data-");
    installKernelSpec(dataDir);
    const dir = installKernelSpec(dataDir);
    expect(fs.readdirSync(path.join(dataDir, "kernels"))).toEqual(["dstream-lab"]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"))).toEqual(kernelSpec());
  });
});

describe("kernelDataDirs", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("names the user data directory, and the venv's own once scripts/setup.sh made the venv", () => {
    const userDir = tempDir("jupyter-data-");
    vi.stubEnv("JUPYTER_DATA_DIR", userDir);
    const venv = tempDir("venv-");
    expect(kernelDataDirs(venv)).toEqual([userDir, path.join(venv, "share", "jupyter")]);
    expect(kernelDataDirs(path.join(venv, "absent"))).toEqual([userDir]);
  });

  it("puts the venv's copy where only the venv's Jupyter looks, ahead of the user's", () => {
    requireVenv();
    // The venv's JupyterLab, Notebook 7 and nbconvert find the kernel in the venv whatever the
    // user data directory is; Debian's Jupyter never looks there, so it gets the user's copy.
    expect(venvDataDir()).toBe(path.join(PROJECT_VENV, "share", "jupyter"));
    expect(dataPaths([path.join(PROJECT_VENV, "bin", "jupyter")])[0]).toBe(venvDataDir());
    expect(dataPaths(DEBIAN_JUPYTER)).not.toContain(venvDataDir());
  });
});
