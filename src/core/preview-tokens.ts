/**
 * Splits a line of a generated file (setkey.conf or an ip xfrm shell script) into classed pieces for
 * display: comments, keywords, addresses, SPIs and keys. Keys are told apart from SPIs by length: an
 * SPI has at most 8 hex digits, the shortest key (40-bit CAST-128) has 10.
 */

export type TokenKind = 'comment' | 'keyword' | 'address' | 'spi' | 'key' | 'string' | 'plain';

export interface LineToken {
  readonly kind: TokenKind;
  readonly text: string;
}

const KEYWORDS = new Set([
  // setkey
  'add',
  'spdadd',
  'flush',
  'spdflush',
  'esp',
  'ah',
  '-E',
  '-A',
  '-P',
  '-m',
  '-u',
  'in',
  'out',
  'fwd',
  'ipsec',
  'any',
  'icmp',
  'icmp6',
  'tcp',
  'udp',
  // ip xfrm and sh
  'ip',
  'xfrm',
  'state',
  'policy',
  'delete',
  'src',
  'dst',
  'proto',
  'spi',
  'mode',
  'transport',
  'tunnel',
  'enc',
  'auth',
  'auth-trunc',
  'dir',
  'tmpl',
  'level',
  'required',
  'use',
  'reqid',
  'set',
  'echo',
  'true',
]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(\/\d{1,3})?$/i;
const SPI = /^0x[0-9a-f]{1,8}$/i;
const KEY = /^0x[0-9a-f]{9,}$/i;
/** setkey policy rules such as esp/transport//require or esp/tunnel/a-b/unique:3. */
const RULE = /^(esp|ah)\/(transport|tunnel)\//;

function classify(word: string): TokenKind {
  const bare = word.replace(/;$/, '');
  if (KEY.test(bare)) return 'key';
  if (SPI.test(bare)) return 'spi';
  if (IPV4.test(bare) || (bare.includes(':') && IPV6.test(bare))) return 'address';
  if (KEYWORDS.has(bare) || RULE.test(bare)) return 'keyword';
  if (/^'.*'$/.test(bare)) return 'string';
  return 'plain';
}

export function tokenizeLine(line: string): LineToken[] {
  const tokens: LineToken[] = [];
  const commentAt = line.search(/(^|\s)#/);
  const code = commentAt < 0 ? line : line.slice(0, commentAt);
  const comment = commentAt < 0 ? '' : line.slice(commentAt);
  const push = (kind: TokenKind, text: string) => {
    const last = tokens.at(-1);
    // Neighbouring plain text is merged, so a line renders as few pieces as possible.
    if (last && last.kind === kind && kind === 'plain') {
      tokens[tokens.length - 1] = { kind, text: last.text + text };
    } else tokens.push({ kind, text });
  };
  for (const piece of code.split(/(\s+)/)) {
    if (piece === '') continue;
    if (/^\s+$/.test(piece)) {
      push('plain', piece);
      continue;
    }
    const kind = classify(piece);
    // The statement's ";" is punctuation, not part of the key or address.
    if (kind !== 'plain' && piece.endsWith(';')) {
      push(kind, piece.slice(0, -1));
      push('plain', ';');
    } else push(kind, piece);
  }
  if (comment !== '') {
    const lead = comment.match(/^\s*/)?.[0] ?? '';
    if (lead) push('plain', lead);
    tokens.push({ kind: 'comment', text: comment.slice(lead.length) });
  }
  return tokens;
}
