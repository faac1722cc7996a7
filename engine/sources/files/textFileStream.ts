import type { InputDStream } from "../../dstream/internal";
import type { StreamingContext } from "../../streaming/StreamingContext";

/** Options of ssc.textFileStream. */
export interface TextFileStreamOptions {
  /** Only files that appear after the context starts (default true, as Spark's newFilesOnly). */
  newFilesOnly?: boolean;
}

/** See StreamingContext.textFileStream. */
export function textFileStream(
  _ssc: StreamingContext,
  _directory: string,
  _options: TextFileStreamOptions = {},
): InputDStream<string> {
  throw new Error("textFileStream: not implemented yet");
}
