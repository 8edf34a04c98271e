/** The transcript line being said at a moment: the last one to start by then (or none). */
export function lineAt<L extends { startMs: number }>(lines: readonly L[], atMs: number): L | null {
  let found: L | null = null;
  for (const l of lines) {
    if (l.startMs > atMs) break;
    found = l;
  }
  return found;
}
