import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import { CheckpointError, errorMessage } from "../errors";
import { type BatchContext, type Emit, type Partitioner, RDD } from "./internal";

/** The saved data of a checkpointed RDD: no parents, so its lineage ends here. */
export class CheckpointRDD<T> extends RDD<T> {
  constructor(
    context: BatchContext,
    private readonly parts: number,
    private readonly load: (split: number) => T[],
    partitioner: Partitioner | undefined,
    scope: string,
    /** The directory the partitions are read from; undefined for a local checkpoint. */
    private readonly dir?: string,
  ) {
    super(context, [], scope);
    this.partitioner = partitioner;
  }

  override get checkpointFile(): string | undefined {
    return this.dir;
  }

  get numPartitions(): number {
    return this.parts;
  }

  protected override sourcePartition(split: number): readonly T[] {
    return this.load(split);
  }

  protected compute(split: number, emit: Emit<T>): void {
    const data = this.load(split);
    for (let i = 0; i < data.length; i++) emit(data[i]!);
  }
}

/** Lineage cut in memory only: fast, but lost with the process. */
export function localCheckpoint<T>(rdd: RDD<T>, parts: T[][]): CheckpointRDD<T> {
  return new CheckpointRDD(rdd.context, parts.length, (i) => parts[i]!, rdd.partitioner, "localCheckpoint");
}

/**
 * Writes each partition to `<rddCheckpointDir>/rdd-<id>/part-NNNNN` (v8 serialisation keeps Maps,
 * typed arrays and undefined) through a temporary file and a rename, so a crash mid-write never
 * leaves a half-written partition that looks complete.
 */
export function writeCheckpoint<T>(rdd: RDD<T>, parts: T[][]): CheckpointRDD<T> {
  const dir = path.join(rdd.context.rddCheckpointDir!, `rdd-${rdd.id}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    parts.forEach((data, i) => {
      const file = checkpointPartFile(dir, i);
      fs.writeFileSync(`${file}.tmp`, v8.serialize(data));
      fs.renameSync(`${file}.tmp`, file);
    });
  } catch (e) {
    throw new CheckpointError(
      `Could not write the checkpoint of RDD ${rdd.id} to ${dir}: ${errorMessage(e)}. ` +
        "Fix: make sure the checkpoint directory is writable and the disk has space.",
    );
  }
  return readCheckpoint(rdd.context, dir, parts.length, rdd.partitioner);
}

/** An RDD over partitions saved by writeCheckpoint. */
export function readCheckpoint<T>(
  context: BatchContext,
  dir: string,
  parts: number,
  partitioner?: Partitioner,
): CheckpointRDD<T> {
  return new CheckpointRDD<T>(
    context,
    parts,
    (i) => {
      try {
        return v8.deserialize(fs.readFileSync(checkpointPartFile(dir, i))) as T[];
      } catch (e) {
        throw new CheckpointError(
          `Could not read checkpoint partition ${i} from ${dir}: ${errorMessage(e)}. ` +
            "Fix: restore the checkpoint directory, or delete it to start over without the saved state.",
        );
      }
    },
    partitioner,
    "checkpoint",
    dir,
  );
}

/** The file holding partition `i` of the RDD checkpoint in `dir`. */
export function checkpointPartFile(dir: string, i: number): string {
  return path.join(dir, `part-${String(i).padStart(5, "0")}`);
}
