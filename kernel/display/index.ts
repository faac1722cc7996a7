export { toMimeBundle } from "./toMimeBundle";
