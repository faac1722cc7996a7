/**
 * The versions this kernel speaks, from ipywidgets 8 (`ipywidgets/_version.py`) and the
 * `@jupyter-widgets/base` that JupyterLab 4's widget manager (jupyterlab_widgets 3) uses.
 */

/** The widget message protocol: comm_open metadata `{ version }` on target `jupyter.widget`. */
export const WIDGET_PROTOCOL_VERSION = "2.1.0";

/** The control comm protocol (`jupyter.widget.control`: request_states → update_states). */
export const CONTROL_PROTOCOL_VERSION = "1.0.0";

/** The comm target of widget models. */
export const WIDGET_TARGET = "jupyter.widget";

/** The comm target a front end opens to fetch every widget's state at once (after a page reload). */
export const CONTROL_TARGET = "jupyter.widget.control";

/** The mime type of a widget view in display_data: `{ version_major: 2, version_minor: 0, model_id }`. */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/** A reference to another model inside a state: `"IPY_MODEL_<model id>"`. */
export const MODEL_REF_PREFIX = "IPY_MODEL_";
