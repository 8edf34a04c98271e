/** The colour theme, chosen per browser (localStorage); 'system' follows the OS setting. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_KEY = 'parley.theme';

/** A stored value as a theme ('system' for anything else). */
export function parseTheme(raw: string | null | undefined): Theme {
  return raw === 'light' || raw === 'dark' ? raw : 'system';
}
