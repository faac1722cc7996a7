/** One executed cell: session number, line (its execution count), input, and its result as text. */
export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

/** A history_request's content (Jupyter messaging spec, "History"). */
export interface HistoryQuery {
  output?: boolean;
  hist_access_type?: "range" | "tail" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** A history_reply's rows: [session, line, input] or, with output, [session, line, [input, output]]. */
export type HistoryRow = [number, number, string | [string, string | null]];

/**
 * The cells executed in this kernel session, answering history_request as IPython does: `tail`
 * (the last n), `range` (lines start ≤ line < stop of a session) and `search` (a glob pattern
 * such as `sc.*`, optionally unique and limited to the last n matches).
 *
 * @example
 * history.add(1, "1 + 1", "2");
 * history.query({ hist_access_type: "tail", n: 1, output: true }); // [[1, 1, ["1 + 1", "2"]]]
 */
export class SessionHistory {
  private readonly entries: HistoryEntry[] = [];

  /** This process's session number (IPython numbers sessions in its database; a kernel has one). */
  constructor(readonly session = 1) {}

  add(line: number, input: string, output: string | null): void {
    this.entries.push({ session: this.session, line, input, output });
  }

  query(q: HistoryQuery): HistoryRow[] {
    return this.select(q).map((e) => [e.session, e.line, q.output ? [e.input, e.output] : e.input]);
  }

  private select(q: HistoryQuery): HistoryEntry[] {
    switch (q.hist_access_type) {
      case "tail":
        return lastN(this.entries, q.n);
      case "range": {
        // IPython: session 0 or negative counts back from the current one; stop is exclusive.
        const session =
          q.session === undefined || q.session <= 0 ? this.session + (q.session ?? 0) : q.session;
        const start = q.start ?? 0;
        const stop = q.stop ?? Number.POSITIVE_INFINITY;
        return this.entries.filter((e) => e.session === session && e.line >= start && e.line < stop);
      }
      case "search": {
        const re = globToRegExp(q.pattern ?? "*");
        let found = this.entries.filter((e) => re.test(e.input));
        if (q.unique) {
          const latest = new Map<string, HistoryEntry>();
          for (const e of found) {
            latest.delete(e.input);
            latest.set(e.input, e);
          }
          found = [...latest.values()];
        }
        return lastN(found, q.n);
      }
      default:
        return [];
    }
  }
}

function lastN<T>(xs: T[], n: number | undefined): T[] {
  return n === undefined || n === null ? xs.slice() : xs.slice(Math.max(0, xs.length - n));
}

/** A glob (`*` any run, `?` one character, `[…]` a class) matched against the whole input. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
