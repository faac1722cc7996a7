// The Jupyter comm protocol (messaging spec, "Custom messages"). Every public export is named here.
export { Comm } from "./Comm";
export { CommManager, type CommTargetHandler, type ReceivedParts } from "./CommManager";
export type { CommData, CommMessageOptions, CommMessageType, CommPublish } from "./CommMessage";
export {
  CommClosedError,
  CommHandlerError,
  MalformedCommMessageError,
  UnknownCommError,
  UnknownCommTargetError,
} from "./errors";
export { kernelComms } from "./kernelComms";
