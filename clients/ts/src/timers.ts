// Timers are not ECMAScript, but every platform the client runs on has them (web,
// mini-programs, Node); declared here, module-local, so no DOM or Node types are needed.
declare function setTimeout(handler: () => void, ms: number): unknown;
declare function clearTimeout(id: unknown): void;

/** Runs `fn` after `ms`; returns the function that cancels it. */
export function after(ms: number, fn: () => void): () => void {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
}
