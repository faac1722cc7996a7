// Registers the kernelspec "dstream-lab" with Jupyter: `node --import tsx kernel/install.ts`.
// Two Jupyters read it: Debian's (the conformance test; classic Notebook where installed) finds it
// in the user's data directory, and the project's virtual environment (JupyterLab 4, Notebook 7,
// nbconvert 7; see scripts/setup.sh) also in its own `<venv>/share/jupyter`, which travels with the venv.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { KERNEL_NAME } from "./handler";

/** The kernel.json for this checkout: absolute paths, so it starts from any notebook directory. */
export function kernelSpec(): Record<string, unknown> {
  const root = path.resolve(__dirname, "..");
  const tsxLoader = path.join(root, "node_modules", "tsx", "dist", "loader.mjs");
  return {
    argv: [
      process.execPath,
      "--import",
      pathToFileURL(tsxLoader).href,
      path.join(root, "kernel", "main.ts"),
      "{connection_file}",
    ],
    display_name: "TypeScript (dstream-lab)",
    language: "typescript",
    interrupt_mode: "signal",
    env: {},
    metadata: { debugger: false },
  };
}

/** The project's virtual environment with JupyterLab 4, Notebook 7 and nbconvert 7 (scripts/setup.sh). */
export const PROJECT_VENV = path.resolve(__dirname, "..", ".venv");

/**
 * The data directory a virtual environment's Jupyter reads besides the user's: `<venv>/share/jupyter`
 * (jupyter_core's `sys.prefix` entry, where `jupyter kernelspec install --sys-prefix` writes).
 * @example venvDataDir() // "<project>/.venv/share/jupyter"
 */
export function venvDataDir(venv = PROJECT_VENV): string {
  return path.join(venv, "share", "jupyter");
}

/** Jupyter's user data directory (honours JUPYTER_DATA_DIR), asked of the Debian Jupyter. */
export function jupyterDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  try {
    return execFileSync("/usr/bin/python3", ["-m", "jupyter", "--data-dir"], { encoding: "utf8" }).trim();
  } catch {
    return path.join(os.homedir(), ".local", "share", "jupyter");
  }
}

/**
 * Writes `<data dir>/kernels/dstream-lab/kernel.json` (replacing an older one) and returns the
 * directory. Idempotent.
 * @example installKernelSpec() // "/root/.local/share/jupyter/kernels/dstream-lab"
 */
export function installKernelSpec(dataDir = jupyterDataDir()): string {
  const dir = path.join(dataDir, "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), `${JSON.stringify(kernelSpec(), null, 2)}\n`);
  return dir;
}

/**
 * Where `npm start` registers the kernel: the user's data directory (Debian's Jupyter) and, when
 * scripts/setup.sh made it, the project venv's own data directory.
 * @example kernelDataDirs() // ["~/.local/share/jupyter", "<project>/.venv/share/jupyter"]
 */
export function kernelDataDirs(venv = PROJECT_VENV): string[] {
  return fs.existsSync(venv) ? [jupyterDataDir(), venvDataDir(venv)] : [jupyterDataDir()];
}

if (require.main === module) {
  for (const dataDir of kernelDataDirs()) {
    const dir = installKernelSpec(dataDir);
    console.log(`Installed the Jupyter kernel "${KERNEL_NAME}" (TypeScript (dstream-lab)) in ${dir}`);
  }
}
