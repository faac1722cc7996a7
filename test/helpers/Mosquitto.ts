import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { freePort } from "./freePort";
import { tempDir } from "./testStreams";

/** Debian's mosquitto (scripts/setup.sh installs it). */
const MOSQUITTO = "/usr/sbin/mosquitto";

/** How a test's mosquitto is configured. */
export interface MosquittoOptions {
  /** Require this user (a password file made with mosquitto_passwd); anonymous clients are refused. */
  user?: { username: string; password: string };
  /** The port (default: a free one); a restarted broker keeps its port. */
  port?: number;
}

/**
 * A real mosquitto 2 broker for a test: on a free loopback port, its config, password file and
 * persistence in a temporary directory, stopped by `stop()`. `restart()` stops it and starts it
 * again on the same port and data (persistent sessions survive, as in production).
 *
 * Unlike the broker's defaults (20 QoS 1 messages in flight per client, 1,000 queued for an
 * offline one), it lets 10,000 be in flight and any number be queued, so a test that holds
 * acknowledgements or publishes thousands while the receiver is down sees every message.
 *
 * @example
 * const broker = await Mosquitto.start();
 * ssc.mqttStream(broker.url, ["sensors/#"], { qos: 1 });
 * await broker.stop();
 */
export class Mosquitto {
  private child: ChildProcess | undefined;
  private log = "";

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly conf: string,
  ) {}

  /** `mqtt://127.0.0.1:<port>` */
  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** What the broker printed so far (for failure messages). */
  get output(): string {
    return this.log;
  }

  /** Where the log ends now: pass it to waitForLog to match only what comes after. */
  get logMark(): number {
    return this.log.length;
  }

  /** Resolves once the broker's log (from `from`) matches `pattern`, e.g. a client's subscription. */
  async waitForLog(pattern: RegExp, what: string, from = 0, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.log.slice(from))) {
      if (Date.now() > deadline)
        throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}\n${this.log}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Resolves once `clientId` has subscribed to `topic` (messages published from then on reach it). */
  waitForSubscription(clientId: string, topic: string, from = 0): Promise<void> {
    const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return this.waitForLog(
      new RegExp(`: ${quote(clientId)} \\d ${quote(topic)}$`, "m"),
      `${clientId} subscribed to ${topic}`,
      from,
    );
  }

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const dir = tempDir("mosquitto-");
    const port = options.port ?? (await freePort());
    const lines = [
      `listener ${port} 127.0.0.1`,
      "persistence true",
      `persistence_location ${dir}${path.sep}`,
      // Not 0 (no limit): past 65,535 unacknowledged a session's packet ids wrap around, and the
      // broker then loses messages (a fast sender to a client that acknowledges late).
      "max_inflight_messages 10000",
      "max_queued_messages 0",
      "log_dest stderr",
      // Connections and subscriptions ("<client id> <qos> <topic>"), not every message.
      ...["error", "warning", "notice", "information", "subscribe"].map((t) => `log_type ${t}`),
      // Run as root (CI), mosquitto would switch to the user "mosquitto", who cannot write the
      // temporary directory: stay the user who started it.
      `user ${os.userInfo().username}`,
    ];
    if (options.user) {
      const passwords = path.join(dir, "passwd");
      fs.writeFileSync(passwords, "");
      execFileSync("/usr/bin/mosquitto_passwd", [
        "-b",
        passwords,
        options.user.username,
        options.user.password,
      ]);
      fs.chmodSync(passwords, 0o600);
      lines.push("allow_anonymous false", `password_file ${passwords}`);
    } else lines.push("allow_anonymous true");
    const conf = path.join(dir, "mosquitto.conf");
    fs.writeFileSync(conf, `${lines.join("\n")}\n`);
    const broker = new Mosquitto(port, dir, conf);
    await broker.launch();
    return broker;
  }

  /** Stops the broker (SIGTERM: it saves its persistent sessions) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  }

  /** Stops and starts the broker again on the same port, with the sessions it saved. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  private async launch(): Promise<void> {
    const child = spawn(MOSQUITTO, ["-c", this.conf], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const append = (d: Buffer) => {
      this.log += d;
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`mosquitto exited (${child.exitCode}) before listening:\n${this.log}`);
      }
      if (await accepts(this.port)) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`mosquitto did not listen on ${this.port} in 10 s:\n${this.log}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** True when something accepts a TCP connection on 127.0.0.1:port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
