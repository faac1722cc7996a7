// The kernel's ZeroMQ sockets. Every public export is named here.
export { ConnectionFileError, type ConnectionInfo, endpoint, readConnectionFile } from "./ConnectionInfo";
export { KernelServer, yieldToReaders } from "./KernelServer";
export { SendQueue } from "./SendQueue";
