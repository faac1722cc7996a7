import { isUtf8 } from "node:buffer";
import { errorMessage } from "../../errors";
import { LineSplitter } from "../lines/LineSplitter";

/** How httpStream reads a POSTed body; "auto" goes by its Content-Type (see parsePushedBody). */
export type PushFormat = "auto" | "json" | "ndjson" | "text" | "flume";

/** A Flume event as Flume's HTTPSource (JSONHandler) takes it, and as httpStream stores it. */
export interface FlumeEvent {
  headers: Record<string, string>;
  body: string;
}

/** The records of a body, or why it was refused (nothing of it is stored). */
export type PushedBody = { records: unknown[] } | { status: 400 | 415; problem: string };

const NDJSON_TYPES = new Set([
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "application/x-jsonlines",
  "application/jsonlines",
]);

/** What curl -d and generic clients send when nobody set a type: the body itself decides. */
const UNTYPED = new Set(["", "application/x-www-form-urlencoded", "application/octet-stream"]);

const FIX_TYPES =
  "Fix: send Content-Type application/json (a JSON array of records, or one JSON value), " +
  "application/x-ndjson (one JSON value per line) or text/plain (one record per line), or set the " +
  "stream's format option.";

/**
 * Turns a POSTed body into records, all or nothing: a body with one malformed part yields no
 * records and a problem that says what was wrong and the fix.
 *
 * With `format: "auto"` the Content-Type decides: application/json (or any `+json` type) → JSON;
 * application/x-ndjson, application/ndjson, application/jsonl → NDJSON; text/* → text lines; no
 * type (or curl -d's application/x-www-form-urlencoded, or application/octet-stream) → JSON if the
 * body starts with `[` or `{`, else text lines; any other type → 415.
 *
 * - JSON: an array is one record per element; any other value is one record.
 * - NDJSON: one JSON value per line; blank lines are skipped.
 * - text: one string per line (`\n` or `\r\n`; a last line needs no newline).
 * - flume: Flume's JSON events, `[{"headers": {...}, "body": "..."}]`, each stored as
 *   `{ headers, body }`; an element without a headers object or a string body refuses the body.
 *   (Under "auto", Flume events sent as application/json are stored as they are, unchecked.)
 *
 * An empty body is zero records in every format. Bodies must be UTF-8.
 *
 * @example
 * parsePushedBody(Buffer.from('{"a":1}\n{"a":2}\n'), "application/x-ndjson"); // { records: [{a:1},{a:2}] }
 */
export function parsePushedBody(
  body: Buffer,
  contentType: string | undefined,
  format: PushFormat = "auto",
): PushedBody {
  if (body.length === 0) return { records: [] };
  const resolved = format === "auto" ? formatOf(body, contentType) : format;
  if (resolved === undefined) {
    return {
      status: 415,
      problem: `httpStream does not read Content-Type ${mediaType(contentType)}. ${FIX_TYPES}`,
    };
  }
  if (!isUtf8(body)) {
    return {
      status: 400,
      problem:
        "the body is not valid UTF-8. Fix: encode the records as UTF-8 (e.g. iconv -t UTF-8) and send them again.",
    };
  }
  switch (resolved) {
    case "json":
      return parseJson(body);
    case "ndjson":
      return parseNdjson(body);
    case "text":
      return parseText(body);
    case "flume":
      return parseFlume(body);
  }
}

function formatOf(body: Buffer, contentType: string | undefined): Exclude<PushFormat, "auto"> | undefined {
  const type = mediaType(contentType);
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (NDJSON_TYPES.has(type)) return "ndjson";
  if (type.startsWith("text/")) return "text";
  if (!UNTYPED.has(type)) return undefined;
  const first = body
    .toString("utf8", 0, Math.min(body.length, 64))
    .replace(/^\uFEFF/, "")
    .trimStart()[0];
  return first === "[" || first === "{" ? "json" : "text";
}

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

function parseJson(body: Buffer): PushedBody {
  const parsed = jsonValue(body);
  if (!("value" in parsed)) return parsed;
  return { records: Array.isArray(parsed.value) ? parsed.value : [parsed.value] };
}

function jsonValue(body: Buffer): { value: unknown } | { status: 400; problem: string } {
  try {
    return { value: JSON.parse(text(body)) };
  } catch (e) {
    return {
      status: 400,
      problem:
        `the body is not valid JSON (${errorMessage(e)}). Fix: send a JSON array of records (or one JSON ` +
        "value); for one JSON value per line use Content-Type application/x-ndjson, for plain lines text/plain.",
    };
  }
}

function parseNdjson(body: Buffer): PushedBody {
  const records: unknown[] = [];
  const lines = text(body).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      return {
        status: 400,
        problem: `line ${i + 1} of the body is not valid JSON (${errorMessage(e)}). Fix: send one JSON value per line.`,
      };
    }
  }
  return { records };
}

function parseText(body: Buffer): PushedBody {
  let problem: string | undefined;
  // The body is already whole and checked: no line can be too long or invalid, but a problem is
  // still a refusal rather than a silently shorter request.
  const splitter = new LineSplitter({ maxLineBytes: body.length, onBadLine: (p) => (problem ??= p) });
  const records = [...splitter.push(body), ...splitter.end()];
  return problem === undefined ? { records } : { status: 400, problem };
}

function parseFlume(body: Buffer): PushedBody {
  const fix = 'Fix: send Flume\'s JSON events: [{"headers": {"host": "a"}, "body": "the event"}].';
  const parsed = jsonValue(body);
  if (!("value" in parsed)) return parsed;
  const value = parsed.value;
  if (!Array.isArray(value)) return { status: 400, problem: `Flume events must be a JSON array. ${fix}` };
  const events: FlumeEvent[] = [];
  for (let i = 0; i < value.length; i++) {
    const e = value[i] as Partial<FlumeEvent> | null;
    const headers = e?.headers;
    if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
      return { status: 400, problem: `Flume event ${i} has no "headers" object. ${fix}` };
    }
    if (typeof e?.body !== "string")
      return { status: 400, problem: `Flume event ${i} has no string "body". ${fix}` };
    events.push({ headers, body: e.body });
  }
  return { records: events };
}

function text(body: Buffer): string {
  const s = body.toString("utf8");
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
