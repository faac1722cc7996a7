// The session preloaded into every notebook: each name exported here can be used in a cell with no
// import, and type-checks. engine/, ml/ and kernel/display/ (display, plot, monitor, …) are
// re-exported wholesale, so what those layers add appears in notebooks without a change here.
export * from "../../engine";
export * from "../../ml";
export * from "../display";
export { clearOutput } from "./clearOutput";
export { sc } from "./sc";
export { streamingContext } from "./streamingContext";
