import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zmq from "zeromq";
import type { ConnectionInfo } from "../../kernel/server";
import {
  createMessage,
  decodeMessage,
  encodeMessage,
  type JupyterMessage,
  MessageSigner,
} from "../../kernel/wire";
import { freePorts } from "./freePort";
import { tempDir } from "./testStreams";

const ROOT = path.resolve(__dirname, "..", "..");

/** What one execute_request produced: the reply and the iopub messages between busy and idle. */
export interface Execution {
  msgId: string;
  reply: JupyterMessage;
  /** iopub messages with this request as parent, after busy and before idle (execute_input excluded). */
  outputs: JupyterMessage[];
}

/**
 * A small Jupyter client for tests: starts the real kernel process (`node --import tsx
 * kernel/main.ts <connection file>`) and talks to it over real ZeroMQ sockets with the wire module,
 * as jupyter_client does (Dealer for shell/control, Subscriber for iopub, Request for heartbeat).
 * Every iopub message is kept, so tests wait for what they expect instead of sleeping.
 *
 * @example
 * const kernel = await KernelClient.start();
 * const { outputs } = await kernel.execute("1 + 1"); // outputs[0].content.data["text/plain"] === "2"
 * await kernel.shutdown();
 */
export class KernelClient {
  readonly session = `test-${process.pid}-${Date.now()}`;
  readonly iopubMessages: JupyterMessage[] = [];
  readonly stderr: string[] = [];
  /** When the process was spawned, and when its first reply came (start-up measurements). */
  readonly spawnedAt = Date.now();
  firstReplyAt: number | undefined;
  private readonly shell = new zmq.Dealer();
  private readonly control = new zmq.Dealer();
  private readonly iopub = new zmq.Subscriber();
  private readonly heartbeat = new zmq.Request();
  private readonly replies = new Map<string, JupyterMessage>();
  private listeners: (() => void)[] = [];
  private readonly signer: MessageSigner;
  private exited: Promise<number | null>;

  private constructor(
    readonly info: ConnectionInfo,
    readonly process: ChildProcess,
  ) {
    this.signer = new MessageSigner(info.signature_scheme, info.key);
    this.exited = new Promise((resolve) => process.once("exit", (code) => resolve(code)));
    process.stderr?.on("data", (d: Buffer) => {
      this.stderr.push(d.toString());
      this.notify();
    });
  }

  /**
   * Starts a kernel and waits until it answers kernel_info with iopub connected. `env` is added to
   * this process's environment for the kernel (e.g. DSTREAM_LAB_WORKERS).
   */
  static async start(options: { key?: string; env?: Record<string, string> } = {}): Promise<KernelClient> {
    const [shell, control, stdin, iopub, hb] = await freePorts(5);
    const info: ConnectionInfo = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: shell,
      control_port: control,
      stdin_port: stdin,
      iopub_port: iopub,
      hb_port: hb,
      key: options.key ?? "a0436f6c-1916-498b-8eb9-e81ab9368e84",
      signature_scheme: "hmac-sha256",
    };
    const file = path.join(tempDir("kernel-"), "connection.json");
    fs.writeFileSync(file, JSON.stringify(info));
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "kernel", "main.ts"), file], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
    });
    const client = new KernelClient(info, child);
    await client.connect();
    return client;
  }

  private endpoint(port: number): string {
    return `tcp://${this.info.ip}:${port}`;
  }

  private async connect(): Promise<void> {
    this.shell.connect(this.endpoint(this.info.shell_port));
    this.control.connect(this.endpoint(this.info.control_port));
    this.iopub.connect(this.endpoint(this.info.iopub_port));
    this.iopub.subscribe();
    this.heartbeat.connect(this.endpoint(this.info.hb_port));
    void this.read(this.shell, (m) => {
      this.firstReplyAt ??= Date.now();
      this.replies.set(m.parent_header.msg_id as string, m);
    });
    void this.read(this.control, (m) => this.replies.set(m.parent_header.msg_id as string, m));
    void this.read(this.iopub, (m) => this.iopubMessages.push(m));
    // Like jupyter_client's wait_for_ready: kernel_info until its status arrives on iopub too
    // (a subscription takes a moment to reach the publisher).
    for (let attempt = 0; attempt < 50; attempt++) {
      const id = this.send("shell", "kernel_info_request", {});
      await this.reply(id, 30_000);
      const seen = await this.waitFor(
        () => this.iopubMessages.some((m) => m.parent_header.msg_id === id),
        200,
      ).then(
        () => true,
        () => false,
      );
      if (seen) return;
    }
    throw new Error("The kernel never connected its iopub socket");
  }

  private async read(
    socket: zmq.Dealer | zmq.Subscriber,
    onMessage: (m: JupyterMessage) => void,
  ): Promise<void> {
    try {
      for await (const frames of socket) {
        onMessage(decodeMessage(frames, this.signer));
        this.notify();
      }
    } catch {
      // closed
    }
  }

  private notify(): void {
    for (const l of this.listeners.splice(0)) l();
  }

  /** Resolves when `check()` is true (checked now and on every message), or rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== poll);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for the kernel`));
      }, timeoutMs);
      const poll = () => {
        const v = check();
        if (v) {
          clearTimeout(timer);
          resolve(v);
        } else this.listeners.push(poll);
      };
      poll();
    });
  }

  /** Sends a request; returns its msg_id. */
  send(channel: "shell" | "control", msgType: string, content: Record<string, unknown>): string {
    const msg = createMessage(msgType, content, { session: this.session, username: "test" });
    void this.sendFrames(channel, encodeMessage(msg, this.signer));
    return msg.header.msg_id;
  }

  /** Sends raw frames (after the Dealer's routing) — for malformed and forged messages. */
  sendFrames(channel: "shell" | "control", frames: Buffer[]): Promise<void> {
    return (channel === "shell" ? this.shell : this.control).send(frames);
  }

  /** The reply to `msgId`, when it comes. */
  reply(msgId: string, timeoutMs = 15_000): Promise<JupyterMessage> {
    return this.waitFor(() => this.replies.get(msgId), timeoutMs);
  }

  /** Sends a request and waits for both its reply and its idle status. */
  async request(
    channel: "shell" | "control",
    msgType: string,
    content: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<JupyterMessage> {
    const id = this.send(channel, msgType, content);
    const reply = await this.reply(id, timeoutMs);
    await this.idle(id, timeoutMs);
    return reply;
  }

  /** Resolves when the kernel published idle for `msgId`. */
  idle(msgId: string, timeoutMs?: number): Promise<JupyterMessage> {
    return this.waitFor(
      () =>
        this.iopubMessages.find(
          (m) =>
            m.parent_header.msg_id === msgId &&
            m.header.msg_type === "status" &&
            m.content.execution_state === "idle",
        ),
      timeoutMs,
    );
  }

  /** Runs a cell: the reply, and the outputs published for it up to idle. */
  async execute(
    code: string,
    options: { silent?: boolean; stop_on_error?: boolean; store_history?: boolean; timeoutMs?: number } = {},
  ): Promise<Execution> {
    const msgId = this.startExecute(code, options);
    return this.finished(msgId, options.timeoutMs);
  }

  /** Sends an execute_request without waiting; see finished(). */
  startExecute(
    code: string,
    options: { silent?: boolean; stop_on_error?: boolean; store_history?: boolean } = {},
  ) {
    return this.send("shell", "execute_request", {
      code,
      silent: options.silent ?? false,
      store_history: options.store_history ?? true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: options.stop_on_error ?? true,
    });
  }

  /** The reply and outputs of an execute_request sent with startExecute. */
  async finished(msgId: string, timeoutMs?: number): Promise<Execution> {
    const reply = await this.reply(msgId, timeoutMs);
    await this.idle(msgId, timeoutMs);
    return { msgId, reply, outputs: this.outputsOf(msgId) };
  }

  /** Every iopub message so far with `msgId` as parent, except status and execute_input. */
  outputsOf(msgId: string): JupyterMessage[] {
    return this.iopubMessages.filter(
      (m) =>
        m.parent_header.msg_id === msgId &&
        m.header.msg_type !== "status" &&
        m.header.msg_type !== "execute_input",
    );
  }

  /** The stdout text published so far for `msgId`. */
  stdoutOf(msgId: string): string {
    return this.outputsOf(msgId)
      .filter((m) => m.header.msg_type === "stream" && m.content.name === "stdout")
      .map((m) => m.content.text as string)
      .join("");
  }

  /** One heartbeat round trip. */
  async ping(timeoutMs = 5000): Promise<boolean> {
    await this.heartbeat.send("ping");
    const answer = await Promise.race([
      this.heartbeat.receive().then(([m]) => m.toString()),
      new Promise<string>((r) => setTimeout(() => r(""), timeoutMs)),
    ]);
    return answer === "ping";
  }

  /** Sends SIGINT, as Jupyter does for interrupt_mode "signal". */
  signalInterrupt(): void {
    this.process.kill("SIGINT");
  }

  /** shutdown_request on control, then waits for the process to exit (killing it after 10 s). */
  async shutdown(): Promise<number | null> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.send("control", "shutdown_request", { restart: false });
      const timer = setTimeout(() => this.process.kill("SIGKILL"), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    for (const s of [this.shell, this.control, this.iopub, this.heartbeat]) s.close();
    return this.exited;
  }

  /** Resolves with the exit code when the process exits. */
  get exit(): Promise<number | null> {
    return this.exited;
  }
}
