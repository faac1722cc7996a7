import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { installKernelSpec } from "../../kernel/install";
import { freePort } from "./freePort";
import { requireFrontEnd } from "./requireFrontEnd";
import { tempDir } from "./testStreams";

/** The project's own example notebooks (copied into a server's root by copyNotebook). */
export const NOTEBOOKS_DIR = path.join(__dirname, "..", "..", "notebooks");

/** The front ends of the project venv a JupyterServer serves: JupyterLab 4 or Notebook 7. */
export type FrontEnd = "lab" | "notebook";

/** A Jupyter server (JupyterLab or Notebook 7) did not come up: it exited, or did not answer HTTP in time. */
export class JupyterServerStartError extends Error {
  override name = "JupyterServerStartError";
}

/** One cell of a notebook written by writeNotebook. */
export type NotebookCellSource = string;

/**
 * JupyterLab settings for a test run, written as the user's settings of the temporary config
 * directory (`<JUPYTER_CONFIG_DIR>/lab/user-settings`, read by JupyterLab and Notebook 7 alike).
 */
const USER_SETTINGS: Record<string, Record<string, unknown>> = {
  // Every cell in the DOM: with JupyterLab's default ("full" windowing) cells far down are not
  // rendered until scrolled to, and a test reading the page would see nothing there.
  "@jupyterlab/notebook-extension/tracker": { windowingMode: "none" },
  // No "Would you like to get notified about official Jupyter news?" toast over the notebook, and
  // no update check (no network here).
  "@jupyterlab/apputils-extension/notification": { fetchNews: "false", checkForUpdates: false },
};

/**
 * A real Jupyter server of the project venv (`jupyter lab`: JupyterLab 4, or `jupyter notebook`:
 * Notebook 7) on a free port of 127.0.0.1, logged in by a random token, with the dstream-lab
 * kernelspec installed in a temporary data directory and every Jupyter directory (data, config,
 * runtime, workspaces, user settings) temporary, so nothing of the user's Jupyter set-up takes part.
 *
 * @example
 * const server = await JupyterServer.start("lab");
 * server.copyNotebook("01-quickstart.ipynb");
 * await page.goto(server.notebookUrl("01-quickstart.ipynb"));
 * await server.stop();
 */
export class JupyterServer {
  private constructor(
    readonly frontEnd: FrontEnd,
    private readonly child: ChildProcess,
    /** http://127.0.0.1:<port> */
    readonly baseUrl: string,
    readonly token: string,
    /** The temporary directory holding every other (data, config, runtime, notebooks). */
    private readonly root: string,
    /** The server's root directory (temporary), where notebooks go. */
    readonly dir: string,
    private readonly log: () => string,
  ) {}

  /** Starts the server and resolves once it answers HTTP (its REST API, with the token). */
  static async start(frontEnd: FrontEnd, timeoutMs = 60_000): Promise<JupyterServer> {
    const jupyter = requireFrontEnd();
    // Every directory under one root, which stop() removes.
    const root = tempDir(`jupyter-${frontEnd}-`);
    const sub = (name: string) => {
      const dir = path.join(root, name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    };
    const dataDir = sub("data");
    installKernelSpec(dataDir);
    const configDir = sub("config");
    for (const [plugin, settings] of Object.entries(USER_SETTINGS)) {
      const [pkg, name] = [path.dirname(plugin), path.basename(plugin)];
      const file = path.join(configDir, "lab", "user-settings", pkg, `${name}.jupyterlab-settings`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(settings));
    }
    const dir = sub("notebooks");
    const token = randomBytes(16).toString("hex");
    const port = await freePort();
    const child = spawn(
      jupyter,
      [
        frontEnd,
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        `--port=${port}`,
        "--port-retries=0",
        `--IdentityProvider.token=${token}`,
        `--ServerApp.root_dir=${dir}`,
        // No "a newer version is available" check, and no extension manager asking PyPI.
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
      ],
      {
        env: {
          ...process.env,
          JUPYTER_DATA_DIR: dataDir,
          JUPYTER_PATH: dataDir,
          JUPYTER_RUNTIME_DIR: sub("runtime"),
          JUPYTER_CONFIG_DIR: configDir,
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
    const server = new JupyterServer(
      frontEnd,
      child,
      `http://127.0.0.1:${port}`,
      token,
      root,
      dir,
      () => log,
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new JupyterServerStartError(
          `jupyter ${frontEnd} exited (${child.exitCode}) before answering:\n${log}`,
        );
      }
      if (await server.answers()) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new JupyterServerStartError(`jupyter ${frontEnd} did not answer in ${timeoutMs} ms:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** What the server printed so far (for failure messages). */
  get output(): string {
    return this.log();
  }

  /**
   * The URL that opens `name` (in the server's root) logged in by token: in JupyterLab with a
   * fresh workspace (`reset`: only this notebook open), in Notebook 7 on a page of its own.
   */
  notebookUrl(name: string): string {
    const file = encodeURIComponent(name);
    return this.frontEnd === "lab"
      ? `${this.baseUrl}/lab/tree/${file}?reset&token=${this.token}`
      : `${this.baseUrl}/notebooks/${file}?token=${this.token}`;
  }

  /** Copies a notebook of notebooks/ into the server's root; returns its name there. */
  copyNotebook(name: string): string {
    fs.copyFileSync(path.join(NOTEBOOKS_DIR, name), path.join(this.dir, name));
    return name;
  }

  /** Writes an nbformat 4 notebook of code cells, with kernelspec dstream-lab, into the server's root. */
  writeNotebook(name: string, cells: NotebookCellSource[]): string {
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
    fs.writeFileSync(path.join(this.dir, name), `${JSON.stringify(nb, null, 1)}\n`);
    return name;
  }

  /** A request to the REST API; undefined when nothing answers. */
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

  /** The kernels running now (their ids). */
  async kernels(): Promise<string[]> {
    const res = await this.api("/kernels");
    return res?.ok ? ((await res.json()) as { id: string }[]).map((k) => k.id) : [];
  }

  /** Shuts every running kernel down (through the REST API). */
  async shutdownKernels(): Promise<void> {
    await Promise.all((await this.kernels()).map((id) => this.api(`/kernels/${id}`, { method: "DELETE" })));
  }

  /**
   * Ends every session (a notebook's link to its kernel) and its kernel, as closing a notebook and
   * shutting its kernel down does: between notebooks, so a finished one costs no CPU.
   */
  async shutdownSessions(): Promise<void> {
    const res = await this.api("/sessions");
    const sessions = res?.ok ? ((await res.json()) as { id: string }[]) : [];
    await Promise.all(sessions.map((s) => this.api(`/sessions/${s.id}`, { method: "DELETE" })));
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
    await this.shutdownKernels();
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}
