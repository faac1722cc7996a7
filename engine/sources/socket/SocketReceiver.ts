import * as net from "node:net";
import { Receiver } from "../../receiver/Receiver";
import { connectionProblem } from "../connectionProblem";
import { LineSplitter } from "../lines/LineSplitter";

/** How a SocketReceiver reads its peer. */
export interface SocketReceiverOptions {
  /** The longest line accepted, in bytes (without its newline). Default 1 MiB. */
  maxLineBytes?: number;
  /** Wall-clock ms a connection attempt may take before it is given up and retried. Default 10 s. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Reads UTF-8 lines from a TCP server (Spark's SocketReceiver, as behind socketTextStream): it
 * connects to `host:port` and stores each line as a record. When the peer is not there yet,
 * refuses, resets, closes the connection or does not answer within `connectTimeoutMs`, it restarts
 * (reconnects) with the supervisor's backoff, the problem and the fix on its status. A line that
 * is not valid UTF-8 or is longer than `maxLineBytes` is counted as a bad record and skipped.
 *
 * Over its rate it stops reading the socket (`pause`), so the kernel's buffers fill and the peer's
 * writes block (TCP flow control): memory stays bounded and nothing is dropped.
 *
 * What it loses (it is unreliable, like Spark's): bytes still in the kernel's socket buffers or in
 * flight when the connection drops, including a partial last line after a reset (a clean close
 * delivers its last line, newline or not); lines the peer writes while nobody is connected; and
 * records stored but not yet in a finished batch if the process dies (there is no write-ahead log).
 *
 * @example
 * // nc -lk 9999, then type lines
 * ssc.receiverStream(new SocketReceiver("localhost", 9999)).count().print();
 */
export class SocketReceiver extends Receiver<string> {
  private socket: net.Socket | undefined;
  private readonly splitter: LineSplitter;
  private readonly connectTimeoutMs: number;
  /** Over the rate: a socket opened by a restart starts paused too. */
  private paused = false;

  constructor(
    readonly host: string,
    readonly port: number,
    options: SocketReceiverOptions = {},
  ) {
    super();
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.splitter = new LineSplitter({
      maxLineBytes: options.maxLineBytes,
      onBadLine: (problem) => this.reportBadRecord(`${this.name}: ${problem}`),
    });
  }

  override get name(): string {
    return `socket ${this.host}:${this.port}`;
  }

  onStart(): void {
    this.splitter.reset();
    // No encoding: chunks stay Buffers, which the splitter checks and decodes a chunk at a time.
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(this.connectTimeoutMs);
    // Every handler first checks that its socket is still the current one: events of a socket
    // closed by a restart must not restart the next connection.
    socket.on("connect", () => {
      if (this.socket === socket) socket.setTimeout(0); // a connected peer may stay quiet
    });
    socket.on("timeout", () => {
      if (this.socket === socket) this.restart(this.noAnswer());
    });
    socket.on("data", (chunk: Buffer) => {
      if (this.socket !== socket) return;
      const lines = this.splitter.push(chunk);
      // The flow-control answer of store() is acted on by onPause, which the supervisor calls.
      for (let i = 0; i < lines.length; i++) this.store(lines[i]!);
    });
    socket.on("end", () => {
      if (this.socket !== socket) return;
      for (const line of this.splitter.end()) this.store(line);
      this.restart(this.peerClosed());
    });
    socket.on("error", (e) => {
      if (this.socket === socket) this.restart(connectionProblem(this.target, e), e);
    });
    socket.on("close", () => {
      if (this.socket === socket) this.restart(this.peerClosed());
    });
    // After the "data" listener, which would switch the socket to flowing.
    if (this.paused) socket.pause();
  }

  onStop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }

  override onPause(): void {
    this.paused = true;
    this.socket?.pause();
  }

  override onResume(): void {
    this.paused = false;
    this.socket?.resume();
  }

  private get target(): string {
    return `${this.host}:${this.port}`;
  }

  private noAnswer(): string {
    return (
      `${this.target} did not answer within ${this.connectTimeoutMs} ms (packets dropped by a firewall, or a ` +
      "wrong address). Fix: check the host and port and that the server is reachable, or raise " +
      "connectTimeoutMs; reconnecting with backoff."
    );
  }

  private peerClosed(): string {
    return (
      `${this.target} closed the connection (lines sent before it closed were stored). Fix: keep the server ` +
      `running (e.g. \`nc -lk ${this.port}\`, not \`nc -l\`); reconnecting with backoff.`
    );
  }
}
