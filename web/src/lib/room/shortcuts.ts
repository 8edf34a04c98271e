/**
 * Keyboard shortcuts of the call, as the common meeting apps have them: Ctrl+D (⌘D on a Mac)
 * mutes and unmutes, Ctrl+E (⌘E) turns the camera on and off, Ctrl+Alt+H (⌘⌥H) raises or
 * lowers one's hand, Ctrl+Alt+K (⌘⌥K) marks the moment, and holding Space while muted talks
 * until it is released (push to talk). Space never acts while typing or on a focused
 * control (where it types or presses); the modifier shortcuts work everywhere in the room.
 */
export type RoomShortcut = 'mic' | 'camera' | 'hand' | 'mark' | 'talk';

export interface KeyLike {
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Where Space means something of its own: text fields, and controls it would press. */
export function spaceIsTaken(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('[contenteditable=""], [contenteditable="true"]')) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
}

/** The shortcut a key press is, if any. `spaceTaken`: the focus is where Space types or presses. */
export function shortcutOf(e: KeyLike, spaceTaken: boolean): RoomShortcut | null {
  const command = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
  if (command && e.code === 'KeyD') return 'mic';
  if (command && e.code === 'KeyE') return 'camera';
  const commandAlt = (e.ctrlKey || e.metaKey) && e.altKey && !e.shiftKey;
  if (commandAlt && e.code === 'KeyH') return 'hand';
  if (commandAlt && e.code === 'KeyK') return 'mark';
  const bare = !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey;
  if (bare && e.code === 'Space' && !spaceTaken) return 'talk';
  return null;
}

/** How a Ctrl+Alt (⌘⌥) shortcut of `key` is written, given the command key's label. */
export function commandAltLabel(commandKey: string, key: string): string {
  return `${commandKey}${commandKey === '⌘' ? '⌥' : 'Alt+'}${key}`;
}

/** How the command key is written on this machine. */
export function commandKeyLabel(platform: string): string {
  return /Mac|iPhone|iPad/.test(platform) ? '⌘' : 'Ctrl+';
}

/**
 * Push to talk: pressing unmutes a muted microphone, releasing mutes it again (only if it was
 * this that unmuted it). Mic changes run one after another, so a quick tap never leaves it on.
 */
export class PushToTalk {
  readonly #setMic: (on: boolean) => Promise<unknown>;
  readonly #micOn: () => boolean;
  #held = false;
  #unmutedByUs = false;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(setMic: (on: boolean) => Promise<unknown>, micOn: () => boolean) {
    this.#setMic = setMic;
    this.#micOn = micOn;
  }

  /** Talking now (Space held and the microphone was unmuted for it). */
  get talking(): boolean {
    return this.#held && this.#unmutedByUs;
  }

  press(): void {
    if (this.#held) return; // key repeat
    this.#held = true;
    if (this.#micOn()) return;
    this.#unmutedByUs = true;
    this.#run(true);
  }

  /** Space released, or the window lost focus while it was held. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    if (!this.#unmutedByUs) return;
    this.#unmutedByUs = false;
    this.#run(false);
  }

  /** Resolves once the changes asked for so far are done. */
  settled(): Promise<unknown> {
    return this.#chain;
  }

  #run(on: boolean): void {
    this.#chain = this.#chain.then(() => this.#setMic(on)).catch(() => undefined);
  }
}
