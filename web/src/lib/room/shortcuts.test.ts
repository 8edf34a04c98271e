import { describe, expect, it } from 'vitest';
import {
  commandAltLabel,
  commandKeyLabel,
  PushToTalk,
  shortcutOf,
  type KeyLike,
} from './shortcuts.ts';

const key = (code: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('room shortcuts', () => {
  it('Ctrl or ⌘ with D / E toggle mic / camera, anywhere; other modifiers do not', () => {
    expect(shortcutOf(key('KeyD', { ctrlKey: true }), true)).toBe('mic');
    expect(shortcutOf(key('KeyD', { metaKey: true }), false)).toBe('mic');
    expect(shortcutOf(key('KeyE', { ctrlKey: true }), true)).toBe('camera');
    expect(shortcutOf(key('KeyD', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutOf(key('KeyD', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutOf(key('KeyD'), false)).toBeNull();
    expect(shortcutOf(key('KeyF', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutOf(key('KeyH', { ctrlKey: true, altKey: true }), true)).toBe('hand');
    expect(shortcutOf(key('KeyH', { metaKey: true, altKey: true }), false)).toBe('hand');
    expect(shortcutOf(key('KeyH', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutOf(key('KeyK', { ctrlKey: true, altKey: true }), true)).toBe('mark');
    expect(shortcutOf(key('KeyK', { metaKey: true, altKey: true }), false)).toBe('mark');
    expect(shortcutOf(key('KeyK', { ctrlKey: true }), false)).toBeNull();
    expect(
      shortcutOf(key('KeyK', { ctrlKey: true, altKey: true, shiftKey: true }), false),
    ).toBeNull();
  });

  it('bare Space talks, except where it types or presses a control', () => {
    expect(shortcutOf(key('Space'), false)).toBe('talk');
    expect(shortcutOf(key('Space'), true)).toBeNull();
    expect(shortcutOf(key('Space', { shiftKey: true }), false)).toBeNull();
    expect(shortcutOf(key('Space', { ctrlKey: true }), false)).toBeNull();
  });

  it('writes the command key as the platform does', () => {
    expect(commandKeyLabel('MacIntel')).toBe('⌘');
    expect(commandKeyLabel('Linux x86_64')).toBe('Ctrl+');
    expect(commandKeyLabel('Win32')).toBe('Ctrl+');
    expect(commandAltLabel('⌘', 'K')).toBe('⌘⌥K');
    expect(commandAltLabel('Ctrl+', 'H')).toBe('Ctrl+Alt+H');
  });
});

describe('push to talk', () => {
  /** A microphone whose changes take `ms` each, recording the order they finished in. */
  function fakeMic(ms = 5) {
    const state = { on: false, calls: [] as boolean[] };
    const set = async (on: boolean) => {
      await new Promise((r) => setTimeout(r, ms));
      state.on = on;
      state.calls.push(on);
    };
    return { state, ptt: new PushToTalk(set, () => state.on) };
  }

  it('unmutes while held and mutes on release; key repeat changes nothing', async () => {
    const { state, ptt } = fakeMic();
    ptt.press();
    ptt.press();
    ptt.press();
    expect(ptt.talking).toBe(true);
    await ptt.settled();
    expect(state.on).toBe(true);
    ptt.release();
    expect(ptt.talking).toBe(false);
    await ptt.settled();
    expect(state).toEqual({ on: false, calls: [true, false] });
  });

  it('a tap shorter than the unmute still ends muted (changes run in order)', async () => {
    const { state, ptt } = fakeMic(20);
    ptt.press();
    ptt.release();
    await ptt.settled();
    expect(state).toEqual({ on: false, calls: [true, false] });
  });

  it('leaves an already unmuted microphone alone', async () => {
    const { state, ptt } = fakeMic();
    state.on = true;
    ptt.press();
    expect(ptt.talking).toBe(false);
    ptt.release();
    await ptt.settled();
    expect(state).toEqual({ on: true, calls: [] });
  });

  it('a failed change does not stop later ones', async () => {
    let fail = true;
    const calls: boolean[] = [];
    const ptt = new PushToTalk(
      (on) => {
        calls.push(on);
        if (!fail) return Promise.resolve();
        fail = false;
        return Promise.reject(new Error('denied'));
      },
      () => false,
    );
    ptt.press();
    ptt.release();
    await ptt.settled();
    expect(calls).toEqual([true, false]);
  });
});
