/**
 * A small markdown subset rendered to HTML that is safe by construction: every character of the
 * source is HTML-escaped first, and only the tags this module writes itself appear in the output.
 * Raw HTML in a message is shown as text, never interpreted.
 *
 * Supported: paragraphs and line breaks, `**bold**`, `*italic*` / `_italic_`, `~~strike~~`,
 * `` `code` ``, fenced code blocks (```), `- ` / `* ` / `1. ` lists, `> ` quotes,
 * `[text](url)` and bare `https://…` links. Links only for http, https and mailto; they open in a
 * new tab with `rel="noopener noreferrer nofollow"`.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The URL when it is absolute and http(s)/mailto, else null. Takes and returns raw text. */
export function safeUrl(raw: string): string | null {
  const trimmed = raw.trim();
  // No control characters or whitespace inside (browsers strip some, which hides schemes).
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!trimmed || /[\u0000-\u0020\u007f-\u009f]/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (!SAFE_SCHEMES.has(url.protocol)) return null;
  return url.href;
}

function link(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${text}</a>`;
}

// Placeholders use characters that cannot appear in escaped text (U+E000 private use, then an
// index), so code spans and links survive the emphasis pass untouched.
const PH = '\uE000';

/** Inline markdown of one line of raw text → safe HTML. */
export function renderInline(raw: string): string {
  const slots: string[] = [];
  const hold = (html: string): string => `${PH}${slots.push(html) - 1}${PH}`;
  let s = raw.replaceAll(PH, '');
  // Code spans: content is literal.
  s = s.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  // [text](url): only safe schemes become links; others stay as text.
  s = s.replace(/\[([^\]\n]{1,500})\]\(([^()\s]{1,2000})\)/g, (m, text: string, href: string) => {
    const url = safeUrl(href);
    return url ? hold(link(url, renderEmphasis(escapeHtml(text)))) : m;
  });
  // Bare links.
  s = s.replace(/\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi, (m) => {
    const trail = /[.,;:!?)\]]+$/.exec(m)?.[0] ?? '';
    const body = trail ? m.slice(0, -trail.length) : m;
    const url = safeUrl(body);
    return url ? hold(link(url, escapeHtml(body))) + trail : m;
  });
  s = renderEmphasis(escapeHtml(s));
  // Slots may hold slots (a code span inside link text): resolve until none are left.
  const slot = new RegExp(`${PH}(\\d+)${PH}`, 'g');
  for (let depth = 0; depth < 3 && s.includes(PH); depth++) {
    s = s.replace(slot, (_m, i: string) => slots[Number(i)] ?? '');
  }
  return s.replaceAll(PH, '');
}

/** Emphasis on already-escaped text (the markers are not escaped characters). */
function renderEmphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/~~(?=\S)([^~]*?\S)~~/g, '<del>$1</del>')
    .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
}

type Block =
  | { kind: 'p'; lines: string[] }
  | { kind: 'code'; lines: string[] }
  | { kind: 'ul' | 'ol'; items: string[] }
  | { kind: 'quote'; lines: string[] };

/** A whole message (markdown source) → safe HTML. */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let inCode: Block | null = null;
  for (const line of lines) {
    if (inCode) {
      if (/^\s*```/.test(line)) inCode = null;
      else inCode.lines.push(line);
      continue;
    }
    if (/^\s*```/.test(line)) {
      inCode = { kind: 'code', lines: [] };
      blocks.push(inCode);
      continue;
    }
    const last = blocks.at(-1);
    const ul = /^\s*[-*+]\s+(.*)$/.exec(line);
    const ol = /^\s*\d{1,9}[.)]\s+(.*)$/.exec(line);
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (ul?.[1] !== undefined) {
      if (last?.kind === 'ul') last.items.push(ul[1]);
      else blocks.push({ kind: 'ul', items: [ul[1]] });
    } else if (ol?.[1] !== undefined) {
      if (last?.kind === 'ol') last.items.push(ol[1]);
      else blocks.push({ kind: 'ol', items: [ol[1]] });
    } else if (quote?.[1] !== undefined) {
      if (last?.kind === 'quote') last.lines.push(quote[1]);
      else blocks.push({ kind: 'quote', lines: [quote[1]] });
    } else if (line.trim() === '') {
      blocks.push({ kind: 'p', lines: [] });
    } else if (last?.kind === 'p' && last.lines.length > 0) {
      last.lines.push(line);
    } else {
      blocks.push({ kind: 'p', lines: [line] });
    }
  }
  return blocks
    .map((b) => {
      switch (b.kind) {
        case 'code':
          return `<pre><code>${escapeHtml(b.lines.join('\n'))}</code></pre>`;
        case 'ul':
        case 'ol':
          return `<${b.kind}>${b.items.map((i) => `<li>${renderInline(i)}</li>`).join('')}</${b.kind}>`;
        case 'quote':
          return `<blockquote>${b.lines.map(renderInline).join('<br>')}</blockquote>`;
        case 'p':
          return b.lines.length ? `<p>${b.lines.map(renderInline).join('<br>')}</p>` : '';
      }
    })
    .join('');
}
