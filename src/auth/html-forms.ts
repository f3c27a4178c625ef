/**
 * Just enough HTML reading for a headless sign-in: the forms of a page (action,
 * method, inputs, submit buttons) and its links. Sign-in and consent pages are
 * small, server-rendered forms; a page that needs JavaScript is out of reach and
 * reported as such by the caller.
 */
export interface HtmlForm {
  action: string;
  method: string;
  inputs: { name: string; type: string; value: string }[];
  buttons: { name?: string; value?: string; text: string }[];
}

export interface HtmlLink {
  href: string;
  text: string;
}

export function readForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? '');
    const inner = m[2] ?? '';
    const inputs = [...inner.matchAll(/<input\b([^>]*)>/gi)].map((i) => {
      const a = attributes(i[1] ?? '');
      return { name: a.name ?? '', type: (a.type ?? 'text').toLowerCase(), value: a.value ?? '' };
    });
    const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((b) => {
      const a = attributes(b[1] ?? '');
      return { name: a.name, value: a.value, text: text(b[2] ?? ''), type: a.type };
    });
    for (const i of inputs.filter((x) => x.type === 'submit'))
      buttons.push({ name: i.name || undefined, value: i.value, text: i.value, type: 'submit' });
    forms.push({
      action: attrs.action ?? '',
      method: (attrs.method ?? 'GET').toUpperCase(),
      inputs: inputs.filter((i) => i.name !== '' && i.type !== 'submit'),
      buttons: buttons.filter((b) => b.type === undefined || b.type === 'submit'),
    });
  }
  return forms;
}

export function readLinks(html: string): HtmlLink[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)].map((m) => ({
    href: attributes(m[1] ?? '').href ?? '',
    text: text(m[2] ?? ''),
  }));
}

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([A-Za-z_:][-\w:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    out[(m[1] ?? '').toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? '';
  });
}
