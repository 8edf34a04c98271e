// Numbers as people say them ("two point five million", "forty thousand", "3.5k", "12%").

const UNITS: Record<string, number> = {
  zero: 0,
  oh: 0,
  one: 1,
  a: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  half: 0.5,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  k: 1e3,
  grand: 1e3,
  million: 1e6,
  millions: 1e6,
  m: 1e6,
  mm: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
};

export interface ParsedNumber {
  value: number;
  /** Tokens consumed from the start position. */
  used: number;
}

/** Splits text into lowercase tokens, keeping digits, %, $ and decimal points. */
export function numberTokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/(\d),(\d{3})/g, '$1$2')
      .replace(/(\d)\s*(k|m|bn|mm)\b/g, '$1 $2')
      .replace(/([$€£%])/g, ' $1 ')
      .match(/[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?|[$€£%]/g) ?? []
  );
}

/** Reads a number starting at `tokens[i]`, in digits or words; null when there is none. */
export function parseNumberAt(tokens: string[], i: number): ParsedNumber | null {
  let j = i;
  let total = 0;
  let current = 0;
  let seen = false;
  for (; j < tokens.length; j++) {
    const t = tokens[j] ?? '';
    if (/^\d+(\.\d+)?$/.test(t)) {
      if (seen && current !== 0) break;
      current += Number(t);
      seen = true;
      continue;
    }
    if (t === 'point' && seen) {
      // "two point five": digits after the point, one word each.
      let frac = '';
      let k = j + 1;
      while (
        k < tokens.length &&
        UNITS[tokens[k] ?? ''] !== undefined &&
        (UNITS[tokens[k] ?? ''] ?? 10) < 10
      ) {
        frac += String(UNITS[tokens[k] ?? '']);
        k++;
      }
      if (!frac) break;
      current += Number(`0.${frac}`);
      j = k - 1;
      continue;
    }
    if (t === 'a' && !seen) {
      // "a hundred", "a million": only when a scale follows.
      if (SCALES[tokens[j + 1] ?? ''] === undefined) break;
      current = 1;
      seen = true;
      continue;
    }
    const u = UNITS[t];
    if (u !== undefined && t !== 'a') {
      if (t === 'half' && !seen) break;
      current += u;
      seen = true;
      continue;
    }
    const ten = TENS[t];
    if (ten !== undefined) {
      current += ten;
      seen = true;
      continue;
    }
    const s = SCALES[t];
    if (s !== undefined && seen) {
      if (s === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * s;
        current = 0;
      }
      continue;
    }
    if (
      t === 'and' &&
      seen &&
      (UNITS[tokens[j + 1] ?? ''] !== undefined || TENS[tokens[j + 1] ?? ''] !== undefined)
    ) {
      continue;
    }
    break;
  }
  if (!seen) return null;
  return { value: total + current, used: j - i };
}

/** "40000" → "40k", "2500000" → "2.5M". */
export function compactNumber(n: number): string {
  const fmt = (x: number) => String(Math.round(x * 100) / 100);
  if (Math.abs(n) >= 1e9) return `${fmt(n / 1e9)}B`;
  if (Math.abs(n) >= 1e6) return `${fmt(n / 1e6)}M`;
  if (Math.abs(n) >= 1e4) return `${fmt(n / 1e3)}k`;
  return fmt(n);
}
