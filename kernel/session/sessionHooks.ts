import type { StreamingContext } from "../../engine";

/**
 * How the kernel observes the session without the session knowing the kernel: it is told of each
 * StreamingContext the session makes, and says whether it reports stream failures itself (then
 * the engine's own stderr line would be a duplicate).
 */
export const sessionHooks = {
  onStreamingContext: [] as ((ssc: StreamingContext) => void)[],
  kernelReportsErrors: false,
};
