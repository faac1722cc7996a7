export type { CellOutput, MimeBundle } from "./CellOutput";
export { cellOutputStorage, currentOutput } from "./currentOutput";
export { MessageCellOutput, type PublishToCell } from "./MessageCellOutput";
export { routeStdioToCells } from "./routeStdioToCells";
