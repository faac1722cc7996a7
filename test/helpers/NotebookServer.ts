import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { installKernelSpec } from "../../kernel/install";
import { tempDir } from "./testStreams";

const PYTHON = "/usr/bin/python3";
/** Debian's Chromium, the browser front-end tests drive (scripts/setup.sh installs it). */
export const CHROMIUM = "/usr/bin/chromium";
/** Flags for a headless Chromium on a machine with no network: without the last four it keeps retrying. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A front end the test needs is not installed. */
export class FrontEndMissingError extends Error {
  override name = "FrontEndMissingError";
}

/** The Jupyter Notebook server did not come up (it exited, or did not answer HTTP in time). */
export class NotebookServerStartError extends Error {
  override name = "NotebookServerStartError";
}

/** One cell of a notebook written by writeNotebook. */
export type NotebookCellSource = string;

/**
 * Fails, naming the fix, when Chromium or Debian's Jupyter Notebook is missing: a front-end test
 * that cannot run must say so rather than skip. The paths are parameters for its own test.
 */
export function requireFrontEnd(chromium = CHROMIUM, python = PYTHON): void {
  if (!fs.existsSync(chromium)) {
    throw new FrontEndMissingError(
      `${chromium} not found: the front-end tests drive Debian's Chromium. Fix: run scripts/setup.sh (installs chromium).`,
    );
  }
  try {
    execFileSync(python, ["-c", "import notebook.notebookapp"], { stdio: "pipe" });
  } catch {
    throw new FrontEndMissingError(
      `${python} cannot import notebook.notebookapp: the front-end tests need Debian's classic Jupyter ` +
        "Notebook 6. Fix: run scripts/setup.sh (installs jupyter-notebook).",
    );
  }
}

/** A port nothing listens on now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real classic Jupyter Notebook server (Debian's notebook 6) on a free port of 127.0.0.1, with
 * the dstream-lab kernelspec installed in a temporary data directory and every Jupyter directory
 * (data, config, runtime) temporary, so nothing of the user's Jupyter set-up takes part.
 *
 * @example
 * const server = await NotebookServer.start();
 * server.writeNotebook("t.ipynb", ["1 + 1"]);
 * await page.goto(server.notebookUrl("t.ipynb"));
 * await server.stop();
 */
export class NotebookServer {
  private constructor(
    private readonly child: ChildProcess,
    /** http://127.0.0.1:<port> */
    readonly baseUrl: string,
    readonly token: string,
    /** The temporary directory holding every other (data, config, runtime, notebooks). */
    private readonly root: string,
    /** The notebook directory (temporary). */
    readonly dir: string,
    private readonly log: () => string,
  ) {}

  /** Starts the server and resolves once it answers HTTP (its REST API, with the token). */
  static async start(timeoutMs = 30_000): Promise<NotebookServer> {
    requireFrontEnd();
    // Every directory under one root, which stop() removes.
    const root = tempDir("notebook-server-");
    const sub = (name: string) => {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      return dir;
    };
    const dataDir = sub("data");
    installKernelSpec(dataDir);
    const dir = sub("notebooks");
    const token = randomBytes(16).toString("hex");
    const port = await freePort();
    const child = spawn(
      PYTHON,
      [
        "-m",
        "jupyter",
        "notebook",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        `--NotebookApp.token=${token}`,
        `--port=${port}`,
        "--port-retries=0",
        `--notebook-dir=${dir}`,
      ],
      {
        env: {
          ...process.env,
          JUPYTER_DATA_DIR: dataDir,
          JUPYTER_PATH: dataDir,
          JUPYTER_RUNTIME_DIR: sub("runtime"),
          JUPYTER_CONFIG_DIR: sub("config"),
          JUPYTER_PLATFORM_DIRS: "1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let log = "";
    const append = (d: Buffer) => {
      log += d;
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    const server = new NotebookServer(child, `http://127.0.0.1:${port}`, token, root, dir, () => log);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new NotebookServerStartError(
          `jupyter notebook exited (${child.exitCode}) before answering:\n${log}`,
        );
      }
      if (await server.answers()) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new NotebookServerStartError(`jupyter notebook did not answer in ${timeoutMs} ms:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** What the server printed so far (for failure messages). */
  get output(): string {
    return this.log();
  }

  /** The URL that opens `name` (in the notebook directory) in classic Notebook, logged in by token. */
  notebookUrl(name: string): string {
    return `${this.baseUrl}/notebooks/${encodeURIComponent(name)}?token=${this.token}`;
  }

  /** Writes an nbformat 4 notebook of code cells, with kernelspec dstream-lab, into the notebook directory. */
  writeNotebook(name: string, cells: NotebookCellSource[]): string {
    const file = path.join(this.dir, name);
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: "dstream-lab", display_name: "TypeScript (dstream-lab)", language: "typescript" },
        language_info: { name: "typescript" },
      },
      cells: cells.map((source, i) => ({
        cell_type: "code",
        id: `cell-${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      })),
    };
    fs.writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);
    return file;
  }

  /** GET on the REST API; undefined when nothing answers. */
  async api(pathname: string, init: RequestInit = {}): Promise<Response | undefined> {
    try {
      return await fetch(`${this.baseUrl}/api${pathname}`, {
        ...init,
        headers: { Authorization: `token ${this.token}` },
      });
    } catch {
      return undefined;
    }
  }

  private async answers(): Promise<boolean> {
    const res = await this.api("");
    return res?.status === 200;
  }

  /**
   * Shuts the running kernels down through the REST API (so no kernel process outlives the test),
   * then stops the server (SIGTERM, SIGKILL after 5 s) and removes its temporary directories.
   */
  async stop(): Promise<void> {
    await this.stopProcess();
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private async stopProcess(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const res = await this.api("/kernels");
    if (res?.ok) {
      const kernels = (await res.json()) as { id: string }[];
      await Promise.all(kernels.map((k) => this.api(`/kernels/${k.id}`, { method: "DELETE" })));
    }
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}
