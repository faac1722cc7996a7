import { kernelComms } from "../comm/kernelComms";
import { WidgetManager } from "./WidgetManager";

/**
 * The kernel process's widget models, on its comms (`kernelComms`, which the KernelHandler
 * serves): loading the session registers `jupyter.widget` and `jupyter.widget.control` there.
 */
export const kernelWidgets = new WidgetManager(kernelComms);
