/** Small text helpers shared by the human-facing reporters. */
import type { ScenarioResult, StepResult } from '../model/result.js';

export interface Palette {
  pass: (s: string) => string;
  fail: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  warn: (s: string) => string;
}

const ansi = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function palette(color: boolean): Palette {
  return color
    ? { pass: ansi(32, 39), fail: ansi(31, 39), dim: ansi(2, 22), bold: ansi(1, 22), warn: ansi(33, 39) }
    : { pass: plain, fail: plain, dim: plain, bold: plain, warn: plain };
}

/** Colour when writing to a terminal, unless NO_COLOR is set or --no-color was given. */
export function useColor(stream: { isTTY?: boolean }, noColorFlag: boolean, env = process.env): boolean {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY;
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** A value as a person reads it in "expected X, got Y". */
export function show(value: unknown): string {
  if (value === undefined) return '(nothing)';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * "200", or "401 → token refreshed → 200" for a step retried with a new token
 * ("401 → retried → 200" for one that answered a challenge, Digest's), probe requests left out.
 */
export function statusFlow(step: StepResult): string {
  const statuses = step.exchanges
    .filter((e) => (e.kind === 'request' || e.kind === 'retry') && e.status !== undefined)
    .map((e) => String(e.status));
  return step.retried
    ? `${statuses[0] ?? '?'} → ${step.tokenEvents.length > 0 ? 'token refreshed' : 'retried'} → ${statuses[1] ?? '?'}`
    : (statuses[0] ?? '');
}

/** A scenario's name with its iteration and data row: "login [iteration 2] [row 3 (alice)]". */
export function instanceLabel(s: Pick<ScenarioResult, 'name' | 'iteration' | 'row'>): string {
  return `${s.name}${s.iteration ? ` [iteration ${s.iteration}]` : ''}${s.row ? ` [${s.row.name}]` : ''}`;
}
