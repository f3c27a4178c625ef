/** Every form a demo secret could take on its way into an output. */
import { DEMO } from './demo.js';

const CLIENTS = [DEMO.myapi, DEMO.license, DEMO.norole, DEMO.expiring];

export function secretForms(extra: readonly string[] = []): string[] {
  const raw = [...CLIENTS.map((c) => c.secret), DEMO.user.password, ...extra];
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    ...raw,
    ...raw.map(encodeURIComponent),
    ...raw.map((s) => new URLSearchParams({ v: s }).toString().slice(2)),
    ...raw.map((s) => JSON.stringify(s).slice(1, -1)),
    ...raw.map(b64),
    b64(`${DEMO.user.name}:${DEMO.user.password}`),
    ...CLIENTS.map((c) => b64(`${c.id}:${c.secret}`)),
  ];
}

/** The forms found in `text` (an empty list is what a test wants). */
export function leakedIn(text: string, forms: readonly string[]): string[] {
  return forms.filter((f) => text.includes(f));
}
