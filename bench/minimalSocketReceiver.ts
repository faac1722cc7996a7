import * as net from "node:net";
import { LineSplitter, Receiver } from "../engine";

/**
 * The smallest receiver over a net.Socket, for the socket benchmarks' BENCH_SOURCE=minimal: the
 * LineSplitter's lines stored one by one, the socket paused while the receiver is over its rate.
 * Comparing it with ssc.socketTextStream tells the source's own cost from the engine's.
 */
export class MinimalSocketReceiver extends Receiver<string> {
  private socket: net.Socket | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super();
  }

  override get name(): string {
    return `minimal socket ${this.host}:${this.port}`;
  }

  onStart(): void {
    const splitter = new LineSplitter();
    const socket = net.connect(this.port, this.host);
    socket.on("data", (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) this.store(line);
    });
    socket.on("error", (e) => this.restart("socket error", e));
    this.socket = socket;
  }

  onStop(): void {
    this.socket?.destroy();
  }

  override onPause(): void {
    this.socket?.pause();
  }

  override onResume(): void {
    this.socket?.resume();
  }
}
