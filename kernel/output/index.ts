export type { CellOutput, MimeBundle } from "./CellOutput";
export { CellWork, cellWorkStorage } from "./CellWork";
export { cellOutputStorage, currentOutput } from "./currentOutput";
export { MessageCellOutput, type PublishToCell } from "./MessageCellOutput";
export { routeStdioToCells } from "./routeStdioToCells";
