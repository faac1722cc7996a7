// The kernel's pure request → messages logic. Every public export is named here.

export type { KernelExecutor } from "./KernelExecutor";
export { type Channel, KernelHandler, type KernelHandlerOptions } from "./KernelHandler";
export type { KernelIo, PublishOptions } from "./KernelIo";
export { KERNEL_NAME, kernelInfo } from "./kernelInfo";
export { pageRequest } from "./pageRequest";
export {
  globToRegExp,
  type HistoryEntry,
  type HistoryQuery,
  type HistoryRow,
  SessionHistory,
} from "./SessionHistory";
