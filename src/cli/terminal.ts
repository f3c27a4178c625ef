/**
 * What reaches the terminal: a name or a server's text cannot carry escape
 * sequences (retitle the window, move the cursor, hide lines) or carriage
 * returns. Control characters are shown as \xNN; only gatecheck's own colour
 * sequences (SGR, `ESC[…m`) pass.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /\x1b(?!\[[0-9;]*m)|[\x00-\x09\x0b-\x1a\x1c-\x1f\x7f-\x9f]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
