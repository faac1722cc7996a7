import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { installKernelSpec } from "../../kernel/install";
import { tempDir } from "../helpers/testStreams";

// Jupyter's own conformance suite (Debian's python3-jupyter-kernel-test) against the real kernel,
// started by jupyter_client from a kernelspec installed into a temporary data directory.

const EXPECTED_TESTS = [
  "test_clear_output",
  "test_completion",
  "test_display_data",
  "test_error",
  "test_execute_result",
  "test_execute_stderr",
  "test_execute_stdout",
  "test_history",
  "test_inspect",
  "test_is_complete",
  "test_kernel_info",
  "test_pager",
];

function runUnittest(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("/usr/bin/python3", ["-m", "unittest", "-v", "test_dstream_lab_kernel"], {
      cwd: path.join(__dirname, "conformance"),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("jupyter_kernel_test conformance", () => {
  it("passes every test of the suite, none skipped", async () => {
    const dataDir = tempDir("jupyter-data-");
    installKernelSpec(dataDir);
    const { code, output } = await runUnittest({
      ...process.env,
      JUPYTER_DATA_DIR: dataDir,
      JUPYTER_PATH: dataDir,
      JUPYTER_RUNTIME_DIR: tempDir("jupyter-runtime-"),
      JUPYTER_PLATFORM_DIRS: "1",
    });
    expect(output, output).toMatch(/^OK$/m);
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/skipped/);
    for (const name of EXPECTED_TESTS)
      expect(output).toMatch(new RegExp(`^${name} \\(.*\\) \\.\\.\\. ok$`, "m"));
    expect(output).toMatch(new RegExp(`Ran ${EXPECTED_TESTS.length} tests`));
  }, 180_000);
});
