import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { freePort } from "./freePort";
import { tempDir } from "./testStreams";

/** How a test's redis-server runs. */
export interface RedisServerOptions {
  /** The server's requirepass: clients must AUTH with it. */
  password?: string;
  /** Append-only file on (in the temp dir): what was written survives a restart(). */
  appendOnly?: boolean;
}

/**
 * A real redis-server (Debian's) for a test: on a free port of 127.0.0.1, its files in a temporary
 * directory, nothing saved unless `appendOnly`. `stop()` ends it; `restart()` starts it again on
 * the same port (the broker going away and coming back).
 *
 * @example
 * const redis = await RedisServer.start();
 * ssc.redisStream({ url: redis.url, key: "k", group: "g", consumer: "c" });
 * await redis.stop();
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private output = "";

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly options: RedisServerOptions,
  ) {}

  /** redis://127.0.0.1:<port> (without the password). */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), tempDir("redis-"), options);
    await server.launch();
    return server;
  }

  /** Stops the server (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }

  /** Stops the server and starts it again on the same port and directory. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  private async launch(timeoutMs = 10_000): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--dir", this.dir];
    args.push("--appendonly", this.options.appendOnly ? "yes" : "no", "--daemonize", "no");
    if (this.options.password) args.push("--requirepass", this.options.password);
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (/Ready to accept connections/.test(this.output)) ready();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const failed = new Promise<never>((_, reject) => {
      child.once("error", (e) =>
        reject(
          new Error(
            `redis-server could not be started (${e.message}); install it: apt-get install redis-server`,
          ),
        ),
      );
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${this.output}`)));
    });
    failed.catch(() => {}); // once started, its exit (stop()) is no failure
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`redis-server did not start in ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([isReady, failed, timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.output = "";
  }
}
