import { describe, expect, it } from 'vitest';
import {
  guestIdentity,
  isGuestIdentity,
  languageProblemValue,
  unavailableProblemValue,
  parseTranscriptionAttributes,
  roomMicSpeakerKey,
  roomMicSpeakerLabel,
  speakerSplitProblem,
  speakerSplitValue,
  transcriptionAttributes,
  transcriptionProblem,
} from './room.ts';

describe('parseTranscriptionAttributes', () => {
  it('reads LiveKit and Parley attributes', () => {
    expect(
      parseTranscriptionAttributes(
        {
          'lk.segment_id': 'SG_1',
          'lk.transcription_final': 'true',
          'lk.transcribed_track_id': 'TR',
          'parley.start_ms': '1200',
          'parley.end_ms': '2500',
        },
        'stream',
      ),
    ).toEqual({
      segmentId: 'SG_1',
      final: true,
      trackId: 'TR',
      startMs: 1200,
      endMs: 2500,
      speakerKey: null,
      speakerName: null,
    });
    expect(parseTranscriptionAttributes({ 'parley.start_ms': '-1' }, 'stream')).toEqual({
      segmentId: 'stream',
      final: false,
      trackId: null,
      startMs: null,
      endMs: null,
      speakerKey: null,
      speakerName: null,
    });
    expect(parseTranscriptionAttributes(undefined, 'x').segmentId).toBe('x');
  });
});

describe('transcriptionAttributes', () => {
  it('writes what parseTranscriptionAttributes reads', () => {
    const a = transcriptionAttributes({
      segmentId: 'SG_1',
      trackId: 'TR',
      final: true,
      startMs: 1200,
      endMs: 2500,
      speakerKey: roomMicSpeakerKey('u1', 2),
      speakerName: roomMicSpeakerLabel('Ann', 2),
    });
    expect(parseTranscriptionAttributes(a, 'x')).toEqual({
      segmentId: 'SG_1',
      final: true,
      trackId: 'TR',
      startMs: 1200,
      endMs: 2500,
      speakerKey: 'u1#2',
      speakerName: 'Ann · Speaker 2',
    });
    expect(transcriptionAttributes({ segmentId: 'S', trackId: 'T', final: false })).toEqual({
      'lk.segment_id': 'S',
      'lk.transcribed_track_id': 'T',
      'lk.transcription_final': 'false',
    });
  });
});

describe('speaker split', () => {
  it('is on for a diarizing provider and says why not for others', () => {
    expect(speakerSplitValue('deepgram', true)).toBe('on');
    expect(speakerSplitProblem(speakerSplitValue('deepgram', true))).toBeNull();
    expect(speakerSplitProblem(undefined)).toBeNull();
    expect(speakerSplitProblem(speakerSplitValue('local', false))).toBe(
      'Speaker split needs a diarizing provider (Deepgram); this team uses local.',
    );
  });
});

describe('guest identities', () => {
  it('are recognised by their prefix', () => {
    const id = guestIdentity('3f2a9c1e-0000-4000-8000-000000000000');
    expect(id).toBe('guest-3f2a9c1e-0000-4000-8000-000000000000');
    expect(isGuestIdentity(id)).toBe(true);
    expect(isGuestIdentity('3f2a9c1e-0000-4000-8000-000000000000')).toBe(false);
  });
});

describe('transcriptionProblem', () => {
  it('says why the agent does not transcribe, and nothing when it does', () => {
    expect(transcriptionProblem(undefined)).toBeNull();
    expect(transcriptionProblem('')).toBeNull();
    expect(transcriptionProblem(languageProblemValue('de', 'local'))).toMatch(
      /language \(de\) needs a cloud speech provider .*English only/,
    );
    expect(transcriptionProblem(languageProblemValue('xx', 'deepgram'))).toBe(
      'Parley is not transcribing: deepgram cannot transcribe xx.',
    );
    expect(transcriptionProblem('something-new')).toBe('Parley is not transcribing this meeting.');
  });

  it('says which provider stands in for one without a key', () => {
    expect(transcriptionProblem(unavailableProblemValue('deepgram', 'local'))).toBe(
      "The team's speech provider (deepgram) has no API key on this server: Parley transcribes " +
        "with the offline recogniser (English only, less accurate). The server's operator can " +
        'add the key.',
    );
  });
});
