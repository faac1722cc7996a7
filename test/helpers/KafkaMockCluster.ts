import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { type Admin, type IHeaders, Kafka, logLevel, type Producer } from "kafkajs";

const SOURCE = path.join(__dirname, "../fixtures/kafka/mock_cluster.c");
const CACHE = path.join(__dirname, "../../node_modules/.cache/dstream-lab");

/** A message to produce: to a partition (else by key), with a key and headers if given. */
export interface MockMessage {
  value: string | Buffer | null;
  partition?: number;
  key?: string;
  headers?: IHeaders;
}

/**
 * A real Kafka-protocol cluster for tests: librdkafka's mock cluster (Debian's librdkafka-dev; it
 * speaks the real protocol, consumer groups and offset commits included), started by a small C
 * launcher that this helper compiles with gcc once (into node_modules/.cache/dstream-lab/). Its
 * brokers listen on free loopback ports; `stop()` ends the process. Also a kafkajs producer and
 * admin for the test's own side: producing, and reading the group's committed offsets.
 *
 * @example
 * const cluster = await KafkaMockCluster.start(3, { clicks: 4 });
 * await cluster.produce("clicks", [{ value: "a", partition: 0 }]);
 * await cluster.committed("group", "clicks"); // Map { 0 => 1, ... } once a batch committed
 * await cluster.stop();
 */
export class KafkaMockCluster {
  private readonly lines: string[] = [];
  private waiters: (() => void)[] = [];
  private producer: Producer | undefined;
  private producerConnected: Promise<void> | undefined;
  private admin: Admin | undefined;
  private readonly kafka: Kafka;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    /** The bootstrap list, "127.0.0.1:port,…". */
    readonly brokers: string,
    rl: readline.Interface,
  ) {
    rl.on("line", (l) => {
      this.lines.push(l);
      for (const w of this.waiters.splice(0)) w();
    });
    this.kafka = new Kafka({
      clientId: "test",
      brokers: brokers.split(","),
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 100 },
    });
  }

  /** Starts a cluster of `brokers` brokers with these topics (name → partitions). */
  static async start(brokers: number, topics: Record<string, number> = {}): Promise<KafkaMockCluster> {
    const binary = compileLauncher();
    const args = [String(brokers), ...Object.entries(topics).map(([t, n]) => `${t}:${n}`)];
    const child = spawn(binary, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const rl = readline.createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      rl.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`mock_cluster exited (${code}): ${stderr}`)));
    });
    return new KafkaMockCluster(child, first.trim(), rl);
  }

  /** Produces the messages to `topic` and resolves once every broker acknowledged them. */
  async produce(topic: string, messages: MockMessage[]): Promise<void> {
    // Connected once, however many sends overlap (a producer loop calls this on a timer).
    this.producer ??= this.kafka.producer({ allowAutoTopicCreation: false });
    this.producerConnected ??= this.producer.connect();
    await this.producerConnected;
    await this.producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({
        value: m.value,
        ...(m.partition === undefined ? {} : { partition: m.partition }),
        ...(m.key === undefined ? {} : { key: m.key }),
        ...(m.headers ? { headers: m.headers } : {}),
      })),
    });
  }

  /** The group's committed offsets of `topic`, partition → offset (absent: none committed). */
  async committed(groupId: string, topic: string): Promise<Map<number, number>> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const [t] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    const out = new Map<number, number>();
    for (const p of t?.partitions ?? []) if (Number(p.offset) >= 0) out.set(p.partition, Number(p.offset));
    return out;
  }

  /** Takes broker `id` (1…n) down: its connections drop and new ones are refused; its data stays. */
  brokerDown(id: number): Promise<void> {
    return this.command(`down ${id}`);
  }

  brokerUp(id: number): Promise<void> {
    return this.command(`up ${id}`);
  }

  /** Creates a topic while the cluster runs. */
  createTopic(topic: string, partitions: number): Promise<void> {
    return this.command(`create ${topic}:${partitions}`);
  }

  /**
   * Makes the cluster answer "unknown topic" for `topic` (as one without auto-creation does; this
   * mock creates topics on lookup otherwise), or, with `unknown` false, lets the topic be found.
   */
  topicUnknown(topic: string, unknown = true): Promise<void> {
    return this.command(`error ${topic} ${unknown ? 3 : 0}`);
  }

  /** Stops the test's clients and the cluster (all of its brokers at once). */
  async stop(): Promise<void> {
    await this.producer?.disconnect().catch(() => {});
    await this.admin?.disconnect().catch(() => {});
    this.producer = undefined;
    this.producerConnected = undefined;
    this.admin = undefined;
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }

  private async command(line: string): Promise<void> {
    const before = this.lines.length;
    this.child.stdin.write(`${line}\n`);
    while (this.lines.length === before) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/** The launcher's binary, compiled with gcc when missing or older than its source. */
function compileLauncher(): string {
  const binary = path.join(CACHE, "mock_cluster");
  const stale = !fs.existsSync(binary) || fs.statSync(binary).mtimeMs < fs.statSync(SOURCE).mtimeMs;
  if (stale) {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${binary}.${process.pid}`;
    try {
      execFileSync("gcc", ["-O1", "-o", tmp, SOURCE, "-lrdkafka"], { stdio: "pipe" });
    } catch (e) {
      throw new Error(
        `Could not compile the Kafka mock cluster launcher (${String((e as { stderr?: Buffer }).stderr ?? e)}). ` +
          "Fix: install gcc and librdkafka-dev (scripts/setup.sh does).",
      );
    }
    fs.renameSync(tmp, binary); // atomic: test files compiling at once never run half a binary
  }
  return binary;
}
