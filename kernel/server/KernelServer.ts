import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import type { Channel, KernelHandler, KernelIo } from "../handler";
import {
  createMessage,
  decodeMessage,
  encodeMessage,
  type JupyterMessage,
  MessageSigner,
  WireError,
} from "../wire";
import { type ConnectionInfo, endpoint } from "./ConnectionInfo";
import { SendQueue } from "./SendQueue";

/** Lets the socket readers take in what arrived while a cell blocked the event loop. */
export async function yieldToReaders(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The kernel's ZeroMQ sockets, bound from a connection file: shell and control (Router), stdin
 * (Router, unused: cells cannot ask for input), iopub (Publisher) and heartbeat (Reply echo).
 * Shell requests are handled one at a time, in order; control requests have their own loop, so
 * an interrupt or shutdown is answered while a long async cell runs on shell. A malformed or
 * wrongly signed message is logged on stderr by its error's name and dropped.
 *
 * @example
 * const server = await KernelServer.start(readConnectionFile(file), handler);
 * await server.closed; // after shutdown_request
 */
export class KernelServer {
  readonly session = randomUUID();
  private readonly signer: MessageSigner;
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly heartbeat = new zmq.Reply();
  private readonly sends: Record<Channel | "iopub", SendQueue>;
  private readonly shellQueue: JupyterMessage[] = [];
  private wakeShell: (() => void) | undefined;
  private stopped = false;
  private resolveClosed!: () => void;
  /** Resolves once close() has finished. */
  readonly closed = new Promise<void>((resolve) => {
    this.resolveClosed = resolve;
  });

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly handler: KernelHandler,
    private readonly log: (line: string) => void,
  ) {
    this.signer = new MessageSigner(info.signature_scheme, info.key);
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) s.linger = 1000;
    this.sends = {
      shell: new SendQueue(this.shell, log),
      control: new SendQueue(this.control, log),
      iopub: new SendQueue(this.iopub, log),
    };
  }

  static async start(
    info: ConnectionInfo,
    handler: KernelHandler,
    log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ): Promise<KernelServer> {
    const server = new KernelServer(info, handler, log);
    await Promise.all([
      server.shell.bind(endpoint(info, info.shell_port)),
      server.control.bind(endpoint(info, info.control_port)),
      server.stdin.bind(endpoint(info, info.stdin_port)),
      server.iopub.bind(endpoint(info, info.iopub_port)),
      server.heartbeat.bind(endpoint(info, info.hb_port)),
    ]);
    void server.echoHeartbeats();
    void server.readShell();
    void server.runShell();
    void server.runControl();
    void server.drainStdin();
    return server;
  }

  /** The io the handler uses for one channel: replies on it, everything else on iopub. */
  private ioFor(channel: Channel): KernelIo {
    return {
      publish: (parent, msgType, content, options = {}) => {
        const msg = createMessage(msgType, content, {
          session: this.session,
          parent,
          identities: [Buffer.from(`kernel.${this.session}.${msgType}`)],
          ...(options.metadata ? { metadata: options.metadata } : {}),
          ...(options.buffers ? { buffers: options.buffers } : {}),
        });
        return this.sends.iopub.send(encodeMessage(msg, this.signer));
      },
      reply: (request, msgType, content) => {
        const msg = createMessage(msgType, content, { session: this.session, parent: request });
        void this.sends[channel].send(encodeMessage(msg, this.signer));
      },
    };
  }

  private decode(frames: Buffer[], channel: string): JupyterMessage | undefined {
    try {
      return decodeMessage(frames, this.signer);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.log(`[dstream-lab kernel] ${e.name} on ${channel}: ${e.message}`);
      return undefined;
    }
  }

  /** Reads shell as fast as messages come, so queued requests are known while a cell runs. */
  private async readShell(): Promise<void> {
    try {
      for await (const frames of this.shell) {
        const msg = this.decode(frames, "shell");
        if (!msg) continue;
        this.shellQueue.push(msg);
        this.wakeShell?.();
      }
    } catch (e) {
      if (!this.stopped) this.log(`[dstream-lab kernel] shell socket failed: ${(e as Error).message}`);
    }
  }

  private async runShell(): Promise<void> {
    const io = this.ioFor("shell");
    while (!this.stopped) {
      const msg = this.shellQueue.shift();
      if (!msg) {
        await new Promise<void>((resolve) => {
          this.wakeShell = resolve;
        });
        this.wakeShell = undefined;
        continue;
      }
      await this.handler.handle("shell", msg, io);
      // The handler took in the queued requests before replying (takeQueuedRequests); once they
      // have all been answered "aborted", requests run again.
      if (this.handler.isAborting && this.shellQueue.length === 0) this.handler.queueDrained();
    }
  }

  private async runControl(): Promise<void> {
    const io = this.ioFor("control");
    try {
      for await (const frames of this.control) {
        const msg = this.decode(frames, "control");
        if (msg) await this.handler.handle("control", msg, io);
      }
    } catch (e) {
      if (!this.stopped) this.log(`[dstream-lab kernel] control socket failed: ${(e as Error).message}`);
    }
  }

  private async echoHeartbeats(): Promise<void> {
    try {
      for await (const frames of this.heartbeat) await this.heartbeat.send(frames);
    } catch (e) {
      if (!this.stopped) this.log(`[dstream-lab kernel] heartbeat socket failed: ${(e as Error).message}`);
    }
  }

  /** Cells cannot read input (allow_stdin is not supported); anything sent on stdin is dropped. */
  private async drainStdin(): Promise<void> {
    try {
      for await (const frames of this.stdin) this.decode(frames, "stdin");
    } catch {
      // closed
    }
  }

  /** Sends what is queued, then closes every socket. */
  async close(): Promise<void> {
    if (this.stopped) return this.closed;
    this.stopped = true;
    this.wakeShell?.();
    await Promise.all(Object.values(this.sends).map((s) => s.flushed()));
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) s.close();
    this.resolveClosed();
  }

  get connection(): ConnectionInfo {
    return this.info;
  }
}
