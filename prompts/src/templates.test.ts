import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEETING_TYPES, MEETING_TYPE_LABELS } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PromptTemplateError,
  extractionFields,
  lineAt,
  loadChecklist,
  loadPromptLibrary,
  parseJsonFile,
  questionTemplate,
  readPromptLibrary,
  renderQuestionPrompt,
  type PromptValues,
} from './index.ts';

const types = MEETING_TYPES;
const root = fileURLToPath(new URL('..', import.meta.url));

const sample: PromptValues = {
  meeting_type: 'sales',
  subject: 'Acme renewal',
  checklist: '- [not discussed] Budget (critical)',
  recent_turns: 'S1: We use spreadsheets today.\nS2: How much does that cost you?',
  past_context: 'Last call: they asked for a trial.',
  already_suggested: '- What is your budget?',
  max_questions: '3',
};

describe('loadPromptLibrary', () => {
  it('validates every bundled template', () => {
    const lib = loadPromptLibrary();
    for (const t of types) {
      expect(lib.questions[t].version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lib.questions[t].file.changelog.at(-1)?.version).toBe(lib.questions[t].version);
      expect(lib.questions[t].outputSchema).toHaveProperty('type', 'object');
      expect(lib.extraction[t].fields.length).toBeGreaterThan(0);
      expect(lib.checklists[t]).toEqual(loadChecklist(t));
    }
  });

  it('gives every checklist item a question and a category', () => {
    for (const t of types) {
      for (const i of loadChecklist(t).items) {
        expect(i.question, `${t}.${i.id}`).toMatch(/\?$/);
        expect(i.category, `${t}.${i.id}`).toBeDefined();
      }
    }
  });

  it('reads the files on disk identically to the bundled copies', async () => {
    const disk = await readPromptLibrary(root);
    const lib = loadPromptLibrary();
    expect(disk.questions).toEqual(lib.questions);
    expect(disk.checklists).toEqual(lib.checklists);
    expect(disk.extraction).toEqual(lib.extraction);
  });

  it('falls back to general for an unknown type', () => {
    expect(questionTemplate('party')).toBe(questionTemplate('general'));
    expect(extractionFields('party')).toBe(extractionFields('general'));
  });

  it('has the investment screening extraction fields', () => {
    const ids = extractionFields('investment_screening').fields.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['mrr', 'cac', 'churn', 'burn', 'runway']));
  });
});

describe('renderQuestionPrompt', () => {
  it.each(types)('%s renders with no placeholder left', (t) => {
    const r = renderQuestionPrompt(questionTemplate(t), { ...sample, meeting_type: t });
    expect(r.system).not.toContain('{{');
    expect(r.user).not.toContain('{{');
    expect(r.user).toContain('Acme renewal');
    expect(r.user).toContain('How much does that cost you?');
    expect(r.user).toContain(MEETING_TYPE_LABELS[t]);
    expect(r.user).toContain('"questions"');
    expect(r.templateVersion).toBe(`${t}/questions@${questionTemplate(t).version}`);
  });

  it('never expands placeholders inside the values', () => {
    const r = renderQuestionPrompt(questionTemplate('general'), {
      ...sample,
      recent_turns: 'S1: say {{subject}} please',
    });
    expect(r.user).toContain('say {{subject}} please');
  });
});

describe('readPromptLibrary with broken templates', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function copy(): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'prompts-'));
    await cp(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
    await cp(join(root, 'schemas'), join(dir, 'schemas'), { recursive: true });
    return dir;
  }

  async function edit(path: string, f: (text: string) => string): Promise<void> {
    await writeFile(path, f(await readFile(path, 'utf8')));
  }

  it('accepts an unchanged copy', async () => {
    await expect(readPromptLibrary(await copy())).resolves.toBeDefined();
  });

  it('names the file and line of an unknown variable', async () => {
    const d = await copy();
    const file = join(d, 'templates', 'sales', 'questions.json');
    await edit(file, (t) => t.replace('Subject: {{subject}}', 'Subject: {{topic}}'));
    const text = await readFile(file, 'utf8');
    const line = lineAt(text, text.indexOf('{{topic}}'));
    const err = await readPromptLibrary(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptTemplateError);
    expect((err as PromptTemplateError).file).toBe(file);
    expect((err as PromptTemplateError).line).toBe(line);
    expect((err as Error).message).toContain(`${file}:${line}: unknown variable {{topic}}`);
  });

  it('reports a malformed placeholder', async () => {
    const d = await copy();
    const file = join(d, 'templates', 'mentoring', 'questions.json');
    await edit(file, (t) => t.replace('Subject: {{subject}}', 'Subject: {{subject'));
    await expect(readPromptLibrary(d)).rejects.toThrow(/mentoring.questions\.json:\d+: malformed/);
  });

  it('names the file and line of a JSON syntax error', async () => {
    const d = await copy();
    const file = join(d, 'templates', 'product_review', 'questions.json');
    // Drop the comma after the version line (line 2).
    await edit(file, (t) => t.replace('"version": "1.0.0",', '"version": "1.0.0"'));
    const err = await readPromptLibrary(d).catch((e: unknown) => e);
    expect((err as PromptTemplateError).file).toBe(file);
    expect((err as PromptTemplateError).line).toBe(3);
    expect((err as Error).message).toMatch(/product_review.questions\.json:3: invalid JSON/);
  });

  it('names the file when the output schema is missing', async () => {
    const d = await copy();
    await rm(join(d, 'schemas', 'suggestions.v1.json'));
    await expect(readPromptLibrary(d)).rejects.toThrow(
      /questions\.json:\d+: missing output schema/,
    );
  });

  it('names a checklist or extraction file that is invalid', async () => {
    const d = await copy();
    const file = join(d, 'templates', 'general', 'extraction.json');
    await edit(file, (t) => t.replace('"type": "list"', '"type": "colour"'));
    await expect(readPromptLibrary(d)).rejects.toThrow(file);
    const c = join(d, 'templates', 'general', 'checklist.json');
    await writeFile(c, '{\n  "version": 1,\n');
    await expect(readPromptLibrary(d)).rejects.toThrow(`${c}:3: invalid JSON`);
  });

  it('names a missing template file', async () => {
    const d = await copy();
    await rm(join(d, 'templates', 'sales', 'questions.json'));
    await expect(readPromptLibrary(d)).rejects.toThrow(/sales.questions\.json: cannot read/);
  });
});

describe('parseJsonFile', () => {
  it('computes the line from the error position', () => {
    expect(() => parseJsonFile('{\n"a": 1,\n"b" 2\n}', 'x.json')).toThrow(/^x\.json:3: /);
  });
});
