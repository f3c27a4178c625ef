import { decodeText } from '../../src/source/decode.js';
import { inputErrorsOf } from '../helpers/errors.js';

const TEXT = '{ "who": "wörld ✓ 𝌆" }\r\n';
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
const bytes = (...parts: (number[] | Buffer)[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

describe('decodeText: the bytes of every file gatecheck reads', () => {
  test.each([
    ['UTF-8', Buffer.from(TEXT), 'utf-8', false],
    ['UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], Buffer.from(TEXT)), 'utf-8', true],
    ['UTF-16 LE with BOM', bytes([0xff, 0xfe], Buffer.from(TEXT, 'utf16le')), 'utf-16le', true],
    ['UTF-16 BE with BOM', bytes([0xfe, 0xff], utf16be(TEXT)), 'utf-16be', true],
  ])('%s: the same text, the BOM dropped', (_name, input, encoding, bom) => {
    expect(decodeText(input, 'f.json')).toEqual({ text: TEXT, encoding, bom });
  });

  test('a BOM character inside the text is kept (only the leading mark is dropped)', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf, 0x61, 0xef, 0xbb, 0xbf]), 'f').text).toBe('a\uFEFF');
  });

  test('an empty file is empty text', () => {
    expect(decodeText(Buffer.alloc(0), 'f').text).toBe('');
  });

  test.each([
    [
      'Latin-1 (not UTF-8)',
      Buffer.from('{"a":"caf\xe9"}', 'latin1'),
      /^f\.json: is not valid UTF-8 text \(byte 0xe9 at offset 9\)/,
    ],
    ['a truncated UTF-8 sequence', bytes(Buffer.from('ab'), [0xe2, 0x9c]), /byte 0xe2 at offset 2/],
    [
      'UTF-16 without a BOM',
      Buffer.from('{"a": 1}', 'utf16le'),
      /^f\.json: looks like UTF-16 text without a byte order mark/,
    ],
    [
      'UTF-16 LE with an odd byte count',
      bytes([0xff, 0xfe, 0x61, 0x00, 0x62]),
      /not valid UTF-16 LE text \(an odd number of bytes\)/,
    ],
    [
      'UTF-16 BE with an unpaired surrogate',
      bytes([0xfe, 0xff, 0xd8, 0x00, 0x00, 0x61]),
      /not valid UTF-16 BE text/,
    ],
    ['UTF-32 LE', bytes([0xff, 0xfe, 0x00, 0x00], Buffer.from('a\0\0\0')), /^f\.json: is UTF-32 text/],
    ['UTF-32 BE', bytes([0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x61]), /^f\.json: is UTF-32 text/],
  ])('%s: one line naming the file, never a guess', (_name, input, message) => {
    const lines = inputErrorsOf(() => decodeText(input, 'f.json'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
