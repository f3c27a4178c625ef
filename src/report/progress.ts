/**
 * A one-line progress display for terminals: "[12/40] 1 failed · 3.4 s". It
 * appears only after a run has taken a few seconds, and only when enabled (a TTY
 * and not CI); other output clears it first and it redraws after. Past the planned
 * total (a Postman setNextRequest loop) it counts on without one: "[41] 1 failed · 9 s".
 */
import { ms } from './format.js';

export interface Progress {
  update(done: number, failed: number): void;
  /** Wraps other output so the line never mixes with it. */
  around(write: () => void): void;
  stop(): void;
}

export interface ProgressOptions {
  write: (text: string) => void;
  total: number;
  now?: () => number;
  /** Shown only once the run is older than this. */
  delayMs?: number;
  /** Redraw interval; 0 leaves redrawing to update(). */
  intervalMs?: number;
}

export const NO_PROGRESS: Progress = { update: () => undefined, around: (w) => w(), stop: () => undefined };

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const delay = options.delayMs ?? 2000;
  let done = 0;
  let failed = 0;
  let shown = false;
  let beyond = false;
  const line = () =>
    `[${beyond ? done : `${done}/${options.total}`}] ${failed} failed · ${ms(now() - started)}`;
  const draw = () => {
    // At the planned total the run is ending (the line would only flicker), unless it already went past it.
    if (now() - started < delay || (done === options.total && !beyond)) return;
    options.write(`\r\x1b[2K${line()}`);
    shown = true;
  };
  const clear = () => {
    if (shown) options.write('\r\x1b[2K');
    shown = false;
  };
  const timer = options.intervalMs === 0 ? undefined : setInterval(draw, options.intervalMs ?? 250);
  timer?.unref();
  return {
    update(d, f) {
      done = d;
      failed = f;
      beyond ||= d > options.total;
      clear();
      draw();
    },
    around(write) {
      const was = shown;
      clear();
      write();
      if (was) draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}

/** On a terminal, and not in CI. */
export function progressWanted(stream: { isTTY?: boolean }, env = process.env): boolean {
  return !!stream.isTTY && !env.CI;
}
