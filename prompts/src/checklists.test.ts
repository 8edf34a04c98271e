import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEETING_TYPES } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { loadChecklist, readChecklistFile } from './index.ts';

const types = MEETING_TYPES;

describe('loadChecklist', () => {
  it.each(types)('%s has 6-10 valid items with unique ids', (type) => {
    const c = loadChecklist(type);
    expect(c.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(c.items.length).toBeGreaterThanOrEqual(6);
    expect(c.items.length).toBeLessThanOrEqual(10);
    expect(new Set(c.items.map((i) => i.id)).size).toBe(c.items.length);
    for (const i of c.items) expect(i.keywords.length).toBeGreaterThan(0);
  });

  it('covers the investment screening essentials', () => {
    const ids = loadChecklist('investment_screening').items.map((i) => i.id);
    expect(ids).toEqual(
      expect.arrayContaining(['team_background', 'market_size', 'revenue', 'burn_runway', 'churn']),
    );
  });

  it('falls back to general for an unknown type', () => {
    expect(loadChecklist('party')).toEqual(loadChecklist('general'));
  });

  it('reads the files on disk identically to the bundled copies', async () => {
    for (const t of types) {
      const path = fileURLToPath(new URL(`../templates/${t}/checklist.json`, import.meta.url));
      expect(await readChecklistFile(path)).toEqual(loadChecklist(t));
    }
  });
});

describe('readChecklistFile', () => {
  it('names the file and the problem when invalid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checklist-'));
    const bad = join(dir, 'checklist.json');
    await writeFile(bad, JSON.stringify({ version: '1', changelog: [], items: [{ id: 'X' }] }));
    await expect(readChecklistFile(bad)).rejects.toThrow(bad);
    await expect(readChecklistFile(bad)).rejects.toThrow(/version/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{');
    await expect(readChecklistFile(broken)).rejects.toThrow(broken);
  });
});
