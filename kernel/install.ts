// Registers the kernelspec "dstream-lab" with Jupyter: `node --import tsx kernel/install.ts`.
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

if (require.main === module) {
  const dir = installKernelSpec();
  console.log(`Installed the Jupyter kernel "${KERNEL_NAME}" (TypeScript (dstream-lab)) in ${dir}`);
}
