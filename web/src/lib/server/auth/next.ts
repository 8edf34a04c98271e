/** A same-site path to return to after login; anything else becomes `/meetings`. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/meetings';
  }
  return next;
}
