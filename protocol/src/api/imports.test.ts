import { describe, expect, it } from 'vitest';
import { IMPORT_FORMATS, importContentType, recordingFileExtension } from './imports.ts';

describe('imported files as recordings', () => {
  it("play with their format's media type and download with its extension", () => {
    expect(importContentType('mp3')).toBe('audio/mpeg');
    expect(importContentType('mp4')).toBe('video/mp4');
    for (const f of IMPORT_FORMATS) expect(recordingFileExtension(importContentType(f))).toBe(f);
    // The recorders' own Opus in Ogg, and anything unknown.
    expect(recordingFileExtension('audio/ogg')).toBe('ogg');
    expect(recordingFileExtension('application/octet-stream')).toBe('ogg');
  });
});
