/**
 * The current value of a name `fn` reads from outside itself, or undefined when the host cannot
 * tell. `fn` is the function whose source reads `name`, so a host that can see closures (the
 * notebook kernel reads V8's scopes) answers with exactly the variable that function sees, not
 * another one of the same name.
 */
export type ClosureResolver = (name: string, fn: Function) => { value: unknown } | undefined;

let current: ClosureResolver | undefined;

/**
 * Lets shipFunction send closures with the values they capture: the host (the notebook kernel)
 * says what a closure's names are. Without a resolver only functions that read nothing but their
 * arguments and standard globals ship. Pass undefined to remove it.
 *
 * @example
 * const env = new Map<string, unknown>([["min", 3]]);
 * setClosureResolver((name) => (env.has(name) ? { value: env.get(name) } : undefined));
 * shipFunction((x: number) => x > min); // { shipped: { source: "(x) => x > min", captured: { min: 3 } } }
 * setClosureResolver(undefined);
 */
export function setClosureResolver(resolve: ClosureResolver | undefined): void {
  current = resolve;
}

/** The resolver the host set, if any. */
export function closureResolver(): ClosureResolver | undefined {
  return current;
}
