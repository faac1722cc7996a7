import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./freePort";
import { tempDir } from "./testStreams";

/** Debian's nats-server (scripts/setup.sh installs it). */
const NATS_SERVER = "/usr/sbin/nats-server";

/** How a test's nats-server is started. */
export interface NatsServerOptions {
  /** Require this user (`--user`/`--pass`); clients without it are refused. */
  user?: { username: string; password: string };
  /** The port (default: a free one). */
  port?: number;
}

/**
 * A real nats-server 2.9 with JetStream (`nats-server -js`) for a test: on a free loopback port,
 * its JetStream store in a temporary directory, stopped by `stop()`. `restart()` starts it again on
 * the same port and store, so streams, consumers and unacknowledged messages survive.
 *
 * @example
 * const server = await NatsServer.start();
 * ssc.natsStream({ servers: server.url, stream: "ORDERS", consumer: "dstream" });
 * await server.stop();
 */
export class NatsServer {
  private child: ChildProcess | undefined;
  private log = "";

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly options: NatsServerOptions,
  ) {}

  /** `nats://127.0.0.1:<port>` */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** What the server printed so far (for failure messages). */
  get output(): string {
    return this.log;
  }

  static async start(options: NatsServerOptions = {}): Promise<NatsServer> {
    const server = new NatsServer(options.port ?? (await freePort()), tempDir("nats-js-"), options);
    await server.launch();
    return server;
  }

  /** Stops the server (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  }

  /** Stops and starts the server again on the same port and JetStream store. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  private async launch(): Promise<void> {
    const args = ["-js", "-a", "127.0.0.1", "-p", String(this.port), "-sd", this.storeDir];
    if (this.options.user)
      args.push("--user", this.options.user.username, "--pass", this.options.user.password);
    const child = spawn(NATS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const start = this.log.length;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`nats-server was not ready in 10 s:\n${this.log}`)),
        10_000,
      );
      const append = (d: Buffer) => {
        this.log += d;
        if (this.log.indexOf("Server is ready", start) >= 0) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", append);
      child.stderr?.on("data", append);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited (${code}) before it was ready:\n${this.log}`));
      });
    });
    try {
      await ready;
    } catch (e) {
      await this.stop();
      throw e;
    }
  }
}
