/**
 * The secret values of a run and the forms they take on the wire, so that every
 * output can be masked by value: raw, URL- and form-encoded, JSON-escaped (and
 * with every non-ASCII character as \uXXXX), Base64 and Base64url, and the
 * `user:password` pair of a Basic header. Masking is one linear pass of a
 * multi-pattern search: any number and size of secrets, no giant RegExp.
 */
import { LiteralSearch } from './literal-search.js';

export const MASK = '*****';

/** Names that make a variable a secret on their own. */
export const SECRET_NAME = /secret|password|passwd|pwd|token|key|credential|session|cookie/i;

/** Shorter values would mask ordinary text; they are not masked, and a declared one is warned about. */
export const MIN_SECRET_LENGTH = 4;

/** Texts up to this length are remembered masked (bodies are longer and rarely repeat), up to this many. */
const MEMO_TEXT_LENGTH = 512;
const MEMO_ENTRIES = 4096;

/** Every SecretSet alive, so the last-resort error path can mask what it prints. */
const live = new Set<WeakRef<SecretSet>>();

export class SecretSet {
  private readonly values = new Set<string>();
  private readonly tooShort = new Set<string>();
  /** Values whose forms are already in: credentials add the same secret on every request. */
  private readonly added = new Set<string>();
  private search: LiteralSearch | undefined;
  /**
   * Short texts already masked, until the set changes: every request's results
   * repeat the same URLs, names and values, and each would be searched again.
   */
  private readonly memo = new Map<string, string>();

  constructor() {
    live.add(new WeakRef(this));
  }

  /** A secret value; `name` says where it came from, for the too-short warning (never the value). */
  add(value: string | undefined, name?: string): void {
    if (!value) return;
    if (value.length < MIN_SECRET_LENGTH) {
      if (name !== undefined) this.tooShort.add(name);
      return;
    }
    this.addForms(value);
  }

  /** A Basic Auth pair: the password, the pair and the header value it makes. */
  addBasic(user: string, password: string, name?: string): void {
    this.add(password, name);
    if (password.length >= MIN_SECRET_LENGTH) this.addForms(`${user}:${password}`);
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  /** Whether any secret form occurs in the text. */
  occursIn(text: string): boolean {
    // Every form is at least MIN_SECRET_LENGTH long: a shorter text holds none.
    return this.values.size > 0 && text.length >= MIN_SECRET_LENGTH && this.matcher().ranges(text).length > 0;
  }

  get size(): number {
    return this.values.size;
  }

  /** Names of declared secrets too short to mask, each once. */
  get tooShortNames(): string[] {
    return [...this.tooShort];
  }

  mask(text: string): string {
    if (this.values.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    if (text.length > MEMO_TEXT_LENGTH) return this.matcher().replace(text, MASK);
    let masked = this.memo.get(text);
    if (masked === undefined) {
      masked = this.matcher().replace(text, MASK);
      if (this.memo.size >= MEMO_ENTRIES) this.memo.clear();
      this.memo.set(text, masked);
    }
    return masked;
  }

  private addForms(value: string): void {
    if (this.added.has(value)) return;
    this.added.add(value);
    const before = this.values.size;
    for (const form of derivedForms(value)) if (form.length >= MIN_SECRET_LENGTH) this.values.add(form);
    if (this.values.size !== before) {
      this.search = undefined;
      this.memo.clear();
    }
  }

  private matcher(): LiteralSearch {
    this.search ??= new LiteralSearch(this.values);
    return this.search;
  }
}

/** Masks text by every secret of every live SecretSet: for messages no run owns (an internal error). */
export function maskEverywhere(text: string): string {
  let out = text;
  for (const ref of live) {
    const set = ref.deref();
    if (set) out = set.mask(out);
    else live.delete(ref);
  }
  return out;
}

/** The forms a value takes in URLs, forms, JSON and headers. */
export function derivedForms(value: string): string[] {
  const bytes = Buffer.from(value);
  const base64 = bytes.toString('base64');
  // Inside a longer Base64 text only the complete 3-byte groups encode the same way.
  const whole = Math.floor(bytes.length / 3) * 4;
  const json = JSON.stringify(value).slice(1, -1);
  const unicode = (hex: (s: string) => string) =>
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${hex(c.charCodeAt(0).toString(16).padStart(4, '0'))}`);
  const url = encodeURIComponent(value);
  return [
    value,
    url,
    url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    new URLSearchParams({ v: value }).toString().slice(2),
    json,
    unicode((h) => h),
    unicode((h) => h.toUpperCase()),
    json.replaceAll('/', '\\/'),
    base64,
    base64.slice(0, whole),
    bytes.toString('base64url'),
    bytes.toString('base64url').slice(0, whole),
  ];
}
