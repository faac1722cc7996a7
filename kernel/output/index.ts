export type { CellOutput, MimeBundle } from "./CellOutput";
export { cellOutputStorage, currentOutput } from "./currentOutput";
