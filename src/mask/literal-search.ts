/**
 * Finds every occurrence of many literal strings in one pass (Aho–Corasick over
 * UTF-16 code units): time linear in the text, memory linear in the patterns,
 * whatever their number or size. Exact code units on purpose: a matcher that
 * works on grapheme clusters (modern-ahocorasick) misses a secret followed by a
 * combining mark, a skin-tone modifier or the \n of \r\n, and masking must not
 * miss. Returns the covered ranges, overlapping ones merged.
 */
export class LiteralSearch {
  /** Transition table: key `node * 65536 + codeUnit`. One Map, not one per node. */
  private readonly next = new Map<number, number>();
  private readonly fail: number[] = [0];
  /** Length of the longest pattern that ends at this node (through fail links too). */
  private readonly longest: number[] = [0];
  /** The root's transitions by code unit (0: none), the most taken, without a Map lookup. */
  private readonly rootNext = new Int32Array(65536);

  constructor(patterns: Iterable<string>) {
    const parent: number[] = [0];
    const unit: number[] = [0];
    const depth: number[] = [0];
    for (const pattern of patterns) {
      if (pattern.length === 0) continue;
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const key = node * 65536 + pattern.charCodeAt(i);
        let child = this.next.get(key);
        if (child === undefined) {
          child = parent.length;
          parent.push(node);
          unit.push(pattern.charCodeAt(i));
          depth.push(depth[node]! + 1);
          this.fail.push(0);
          this.longest.push(0);
          this.next.set(key, child);
          if (node === 0) this.rootNext[pattern.charCodeAt(i)] = child;
        }
        node = child;
      }
      this.longest[node] = Math.max(this.longest[node]!, pattern.length);
    }
    // Fail links in order of depth: a node's link needs its parent's.
    const order = [...parent.keys()].sort((a, b) => depth[a]! - depth[b]!);
    for (const node of order) {
      if (depth[node]! <= 1) continue;
      this.fail[node] = this.step(this.fail[parent[node]!]!, unit[node]!);
      this.longest[node] = Math.max(this.longest[node]!, this.longest[this.fail[node]!]!);
    }
  }

  /** [start, end) ranges covered by some pattern, sorted, overlapping or touching ones merged. */
  ranges(text: string): [number, number][] {
    const out: [number, number][] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      node = node === 0 ? this.rootNext[code]! : this.step(node, code);
      const length = this.longest[node]!;
      if (length === 0) continue;
      let start = i + 1 - length;
      while (out.length > 0 && out[out.length - 1]![1] >= start) start = Math.min(start, out.pop()![0]);
      out.push([start, i + 1]);
    }
    return out;
  }

  /** The text with every covered range replaced by `mask`. */
  replace(text: string, mask: string): string {
    const ranges = this.ranges(text);
    if (ranges.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [start, end] of ranges) {
      out += text.slice(at, start) + mask;
      at = end;
    }
    return out + text.slice(at);
  }

  private step(from: number, code: number): number {
    let node = from;
    while (node !== 0) {
      const child = this.next.get(node * 65536 + code);
      if (child !== undefined) return child;
      node = this.fail[node]!;
    }
    return this.rootNext[code]!;
  }
}
