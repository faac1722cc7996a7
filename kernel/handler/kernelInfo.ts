import { PROTOCOL_VERSION } from "../wire";

/** The kernelspec name, and the implementation name kernel_info_reply reports. */
export const KERNEL_NAME = "dstream-lab";

/** The content of kernel_info_reply. */
export function kernelInfo(): Record<string, unknown> {
  const version = (require("../../package.json") as { version: string }).version;
  const typescriptVersion = (require("@tslab/typescript-for-tslab/package.json") as { version: string })
    .version;
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: KERNEL_NAME,
    implementation_version: version,
    language_info: {
      name: "typescript",
      version: typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: "typescript",
      pygments_lexer: "typescript",
    },
    banner:
      `dstream-lab ${version}: Discretized Streams in TypeScript (TypeScript ${typescriptVersion}, Node ${process.version}).\n` +
      "Preloaded: sc, streamingContext(batch), display(value), and everything the engine exports.",
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      {
        text: "Spark Streaming guide",
        url: "https://spark.apache.org/docs/latest/streaming-programming-guide.html",
      },
    ],
  };
}
