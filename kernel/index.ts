// The Jupyter kernel. Every public export is named here; kernel/main.ts starts it.
export { Comm, CommManager, kernelComms } from "./comm";
export * as display from "./display";
export { CellExecutor, type ExecuteOutcome } from "./executor";
export { type Channel, type KernelExecutor, KernelHandler, type KernelIo, SessionHistory } from "./handler";
export {
  installKernelSpec,
  jupyterDataDir,
  kernelDataDirs,
  kernelSpec,
  PROJECT_VENV,
  venvDataDir,
} from "./install";
export {
  type CellOutput,
  CellWork,
  cellOutputStorage,
  currentOutput,
  MessageCellOutput,
  type MimeBundle,
} from "./output";
export { ConnectionFileError, type ConnectionInfo, KernelServer, readConnectionFile } from "./server";
export * as widgets from "./widgets";
export { createMessage, decodeMessage, encodeMessage, type JupyterMessage, MessageSigner } from "./wire";
