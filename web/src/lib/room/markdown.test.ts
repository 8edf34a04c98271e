import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderInline, renderMarkdown, safeUrl } from './markdown.ts';

/** Every tag the renderer may write; anything else in the output is a defect. */
const ALLOWED_TAG =
  /^<\/?(p|br|strong|em|del|code|pre|ul|ol|li|blockquote)>$|^<a href="[^"<>]*" target="_blank" rel="noopener noreferrer nofollow">$|^<\/a>$/;

function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

describe('markdown renderer', () => {
  it('renders the supported subset', () => {
    expect(renderMarkdown('**bold** and *it* and _it_ and ~~gone~~ and `x<y`')).toBe(
      '<p><strong>bold</strong> and <em>it</em> and <em>it</em> and <del>gone</del> and <code>x&lt;y</code></p>',
    );
    expect(renderMarkdown('- one\n- two')).toBe('<ul><li>one</li><li>two</li></ul>');
    expect(renderMarkdown('1. one\n2. two')).toBe('<ol><li>one</li><li>two</li></ol>');
    expect(renderMarkdown('> said')).toBe('<blockquote>said</blockquote>');
    expect(renderMarkdown('a\nb\n\nc')).toBe('<p>a<br>b</p><p>c</p>');
    expect(renderMarkdown('```\n<b>x</b>\n```')).toBe(
      '<pre><code>&lt;b&gt;x&lt;/b&gt;</code></pre>',
    );
  });

  it('links only http, https and mailto, opening safely', () => {
    expect(renderInline('[docs](https://example.com/a?b=1&c=2)')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">docs</a>',
    );
    expect(renderInline('see https://example.com/x.')).toBe(
      'see <a href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow">https://example.com/x</a>.',
    );
    expect(renderInline('[mail](mailto:a@example.com)')).toContain('href="mailto:a@example.com"');
    for (const bad of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](vbscript:msgbox)',
      '[x](//evil.example)',
      '[x](java\tscript:alert(1))',
    ]) {
      expect(renderInline(bad)).not.toContain('<a');
    }
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(' https://ok.example ')).toBe('https://ok.example/');
  });

  it('never lets raw HTML or attributes through (hostile inputs)', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      '[x](https://a.example/"onmouseover="alert(1))',
      '[<img src=x onerror=alert(1)>](https://a.example)',
      '**<svg onload=alert(1)>**',
      '`</code><script>alert(1)</script>`',
      '```\n</pre><script>x</script>\n```',
      '<style>body{display:none}</style>',
      '"><iframe src=//evil>',
      '\uE0000\uE000<script>',
      '[a](https://x.example/`onclick=alert(1)`)',
    ];
    for (const h of hostile) {
      const html = renderMarkdown(h);
      for (const t of tags(html)) expect(t).toMatch(ALLOWED_TAG);
      // Inert text may mention them; no tag may carry them (checked above).
      expect(html).not.toMatch(/<script|<img|<svg|<iframe|<style/i);
    }
  });

  it('outputs only its own tags for any input (property)', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'<>"\'`&*_~[]()!:/\\\n -=ajscriptJS1.h\uE000'.split('')),
          maxLength: 80,
        }),
        (s) => {
          for (const t of tags(renderMarkdown(s))) {
            if (!ALLOWED_TAG.test(t)) return false;
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('escapes the characters that matter in HTML', () => {
    expect(escapeHtml(`<>&"'\``)).toBe('&lt;&gt;&amp;&quot;&#39;&#96;');
  });
});
