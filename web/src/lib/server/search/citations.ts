/** Keeps only [n] markers that point at a passage; drops the rest. */
export function sanitizeCitations(answer: string, count: number): string {
  return answer.replace(/\[(\d{1,3})\]/g, (m, n: string) => {
    const i = Number(n);
    return i >= 1 && i <= count ? m : '';
  });
}
