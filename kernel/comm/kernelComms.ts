import { CommManager } from "./CommManager";

/**
 * The kernel process's comms: kernel/main.ts hands it to the KernelHandler, and the session's
 * widgets register their targets and open their comms on it. One per process, like the kernel.
 */
export const kernelComms = new CommManager();
