import * as fs from "node:fs";

/** A kernel connection file, as Jupyter writes it (jupyter_client's `write_connection_file`). */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

/** A connection file that is missing, not JSON, or lacks a field the kernel needs. */
export class ConnectionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const PORTS = ["shell_port", "control_port", "stdin_port", "iopub_port", "hb_port"] as const;

/**
 * Reads and checks a connection file.
 * @example const info = readConnectionFile(process.argv[2]); // { ip: "127.0.0.1", shell_port: 53794, … }
 */
export function readConnectionFile(file: string): ConnectionInfo {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConnectionFileError(
      `Cannot read the connection file ${file} (${(e as Error).message}). ` +
        "Fix: start the kernel as `node --import tsx kernel/main.ts <connection_file>` (Jupyter passes {connection_file}).",
    );
  }
  let info: Record<string, unknown>;
  try {
    info = JSON.parse(raw);
  } catch (e) {
    throw new ConnectionFileError(`The connection file ${file} is not JSON (${(e as Error).message}).`);
  }
  for (const port of PORTS) {
    if (!Number.isInteger(info[port])) {
      throw new ConnectionFileError(
        `The connection file ${file} has no integer "${port}". Fix: give all of ${PORTS.join(", ")}.`,
      );
    }
  }
  return {
    transport: info.transport === "ipc" ? "ipc" : "tcp",
    ip: typeof info.ip === "string" && info.ip ? info.ip : "127.0.0.1",
    key: typeof info.key === "string" ? info.key : "",
    signature_scheme: typeof info.signature_scheme === "string" ? info.signature_scheme : "hmac-sha256",
    ...Object.fromEntries(PORTS.map((p) => [p, info[p] as number])),
  } as ConnectionInfo;
}

/** The ZeroMQ address of one of the kernel's ports. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}
