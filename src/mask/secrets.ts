/**
 * The secret values of a run and the forms they take on the wire, so that every
 * output can be masked by value: the raw value, URL- and form-encoded, JSON-escaped,
 * Base64, and the Base64 of `user:password` in a Basic header.
 */

export const MASK = '*****';

/** Names that make a variable a secret on their own. */
export const SECRET_NAME = /secret|password|passwd|pwd|token|key/i;

/** Shorter values would mask ordinary text; they are not treated as secrets. */
const MIN_SECRET_LENGTH = 4;

export class SecretSet {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  add(value: string | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    for (const form of derivedForms(value)) this.values.add(form);
    this.pattern = undefined;
  }

  /** A Basic Auth pair: its parts and the header value they make. */
  addBasic(user: string, password: string): void {
    this.add(password);
    const pair = Buffer.from(`${user}:${password}`).toString('base64');
    this.values.add(pair);
    this.pattern = undefined;
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  get size(): number {
    return this.values.size;
  }

  mask(text: string): string {
    if (this.values.size === 0 || text.length === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }
}

/**
 * Masks every string inside a plain-data value, in place: a long run's results
 * are not copied (a JSON round trip would hold them twice at the end of the run).
 */
export function maskInPlace<T>(value: T, secrets: SecretSet): T {
  if (secrets.size === 0) return value;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return secrets.mask(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = visit(node[i]);
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const masked = secrets.mask(key);
        const inner = visit(record[key]);
        if (masked !== key) delete record[key];
        record[masked] = inner;
      }
    }
    return node;
  };
  return visit(value) as T;
}

function derivedForms(value: string): string[] {
  const forms = [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
  ];
  return forms.filter((f) => f.length >= MIN_SECRET_LENGTH);
}
