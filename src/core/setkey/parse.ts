/**
 * A parser for setkey.conf as ipsec-tools reads it on Linux: free-form statements ending in `;`,
 * `#` comments, decimal or hex SPIs, hex or quoted-string keys. It never throws: every problem
 * becomes a finding with a line and column, and a fix where the fix is mechanical.
 */
import { makeFinding, type Finding, type Fix, type Position } from './findings';

export type { Finding, Position } from './findings';

/** Files above this size are refused unread: a setkey.conf is a few kilobytes. */
export const MAX_INPUT_BYTES = 1024 * 1024;

export interface Token extends Position {
  readonly text: string;
  /** Offsets of the token in the parsed text: text === source.slice(offset, end). */
  readonly offset: number;
  readonly end: number;
  /** Quoted strings keep their quotes in `text`; `quoted` marks them. */
  readonly quoted: boolean;
}

export interface KeyedAlgorithmRef {
  /** The -E or -A token itself. */
  readonly flag: Token;
  readonly name: Token;
  readonly key?: Token;
}

export interface AddStatement {
  readonly kind: 'add';
  readonly at: Position;
  readonly src: Token;
  readonly dst: Token;
  readonly protocol: Token;
  readonly spi: Token;
  readonly spiValue: number | undefined;
  readonly options: ReadonlyMap<string, Token | undefined>;
  readonly encryption?: KeyedAlgorithmRef;
  readonly integrity?: KeyedAlgorithmRef;
  readonly compression?: Token;
}

export interface PolicyRule {
  readonly token: Token;
  readonly protocol: string;
  readonly mode: string;
  readonly endpoints: string;
  readonly level: string;
}

export interface SpdaddStatement {
  readonly kind: 'spdadd';
  readonly at: Position;
  readonly src: Token;
  readonly dst: Token;
  readonly upper: Token;
  readonly direction: Token;
  readonly action: Token;
  readonly rules: readonly PolicyRule[];
}

export interface SimpleStatement {
  readonly kind: 'flush' | 'spdflush';
  readonly at: Position;
  readonly protocol?: Token;
}

export type Statement = AddStatement | SpdaddStatement | SimpleStatement;

export interface ParsedSetkeyConf {
  readonly statements: readonly Statement[];
  readonly findings: readonly Finding[];
}

const syntax = (at: Position, message: string, fix?: Fix): Finding =>
  makeFinding(at, 'syntax', message, fix ? { fix } : {});

interface RawStatement {
  readonly tokens: Token[];
  /** Whether a ";" closed it (false only for trailing tokens at the end of the text). */
  readonly closed: boolean;
}

/** Splits the text into statements of tokens; comments dropped, positions and offsets kept. */
function tokenize(text: string, findings: Finding[]): RawStatement[] {
  const statements: RawStatement[] = [];
  const carriageReturns: { at: Position; offset: number }[] = [];
  const unusual: { at: Position; offset: number; char: string }[] = [];
  let current: Token[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const advanceTo = (stop: number) => {
    while (i < stop) {
      if (text.charCodeAt(i) === 10) {
        line += 1;
        column = 1;
      } else column += 1;
      i += 1;
    }
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\r') {
      carriageReturns.push({ at: { line, column }, offset: i });
      advanceTo(i + 1);
      continue;
    }
    if (ch in LOOKALIKES) unusual.push({ at: { line, column }, offset: i, char: ch });
    // Unicode spaces separate tokens as the space they stand for: one stray character, one finding.
    if (/\s/.test(ch) || ch === '\u200b') {
      advanceTo(i + 1);
    } else if (ch === '#') {
      const newline = text.indexOf('\n', i);
      advanceTo(newline === -1 ? text.length : newline);
    } else if (ch === ';') {
      statements.push({ tokens: current, closed: true });
      current = [];
      advanceTo(i + 1);
    } else if (ch === '"') {
      const start = { line, column };
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j++;
      if (text[j] !== '"') {
        findings.push(syntax(start, 'Unterminated quoted string: add the closing ".'));
        advanceTo(j);
      } else {
        current.push({ ...start, text: text.slice(i, j + 1), offset: i, end: j + 1, quoted: true });
        advanceTo(j + 1);
      }
    } else {
      const start = { line, column };
      let j = i;
      while (j < text.length && !/[\s;#"]/.test(text[j] as string)) j++;
      current.push({ ...start, text: text.slice(i, j), offset: i, end: j, quoted: false });
      advanceTo(j);
    }
  }
  if (current.length > 0) statements.push({ tokens: current, closed: false });
  const firstUnusual = unusual[0];
  if (firstUnusual) findings.push(lookalikeFinding(firstUnusual, unusual));
  const firstCr = carriageReturns[0];
  if (firstCr) {
    // One finding for the whole file: a CRLF file would otherwise report every line.
    const edits = carriageReturns.map(({ offset }) => ({
      from: offset,
      to: offset + 1,
      insert: text[offset + 1] === '\n' ? '' : '\n',
    }));
    findings.push(
      makeFinding(
        firstCr.at,
        'crlf',
        `Carriage return found (${carriageReturns.length} in the file): setkey reads LF line endings only.`,
        { fix: { label: 'convert the line endings to LF', edits } },
      ),
    );
  }
  return statements;
}

/**
 * Characters that look like ASCII but are not, as pasted from web pages and word processors, and
 * what setkey expects instead. setkey's lexer knows none of them.
 */
const LOOKALIKES: Readonly<Record<string, { name: string; ascii: string }>> = {
  '\ufeff': { name: 'a byte order mark (U+FEFF)', ascii: '' },
  '\u00a0': { name: 'a non-breaking space (U+00A0)', ascii: ' ' },
  '\u2002': { name: 'an en space (U+2002)', ascii: ' ' },
  '\u2003': { name: 'an em space (U+2003)', ascii: ' ' },
  '\u2009': { name: 'a thin space (U+2009)', ascii: ' ' },
  '\u200b': { name: 'a zero-width space (U+200B)', ascii: '' },
  '\u202f': { name: 'a narrow no-break space (U+202F)', ascii: ' ' },
  '\u3000': { name: 'an ideographic space (U+3000)', ascii: ' ' },
  '\u2028': { name: 'a line separator (U+2028)', ascii: '\n' },
  '\u2010': { name: 'a hyphen (U+2010)', ascii: '-' },
  '\u2011': { name: 'a non-breaking hyphen (U+2011)', ascii: '-' },
  '\u2013': { name: 'an en dash (U+2013)', ascii: '-' },
  '\u2014': { name: 'an em dash (U+2014)', ascii: '-' },
  '\u2212': { name: 'a minus sign (U+2212)', ascii: '-' },
  '\u201c': { name: 'a curly quote (U+201C)', ascii: '"' },
  '\u201d': { name: 'a curly quote (U+201D)', ascii: '"' },
  '\u201e': { name: 'a low curly quote (U+201E)', ascii: '"' },
};

function lookalikeFinding(
  first: { at: Position; char: string },
  all: readonly { offset: number; char: string }[],
): Finding {
  const what = LOOKALIKES[first.char]?.name ?? 'an unusual character';
  const more =
    all.length > 1
      ? ` (and ${all.length - 1} more such character${all.length > 2 ? 's' : ''})`
      : '';
  return makeFinding(
    first.at,
    'lookalike-character',
    `This is ${what}${more}, which setkey does not read as the ASCII character it looks like.`,
    {
      fix: {
        label: 'replace look-alike characters with ASCII',
        edits: all.map(({ offset, char }) => ({
          from: offset,
          to: offset + 1,
          insert: LOOKALIKES[char]?.ascii ?? char,
        })),
      },
    },
  );
}

const STATEMENT_WORDS = new Set(['add', 'spdadd', 'flush', 'spdflush']);

/**
 * A statement word at the start of a line inside a statement almost always means the previous line
 * lost its ";": split there, and offer to put the ";" back.
 */
function splitMissingSemicolons(raw: RawStatement[], findings: Finding[]): Token[][] {
  const out: Token[][] = [];
  for (const { tokens, closed } of raw) {
    let start = 0;
    for (let k = 1; k < tokens.length; k++) {
      const tok = tokens[k] as Token;
      const prev = tokens[k - 1] as Token;
      if (!STATEMENT_WORDS.has(tok.text) || prev.line === tok.line) continue;
      findings.push(missingSemicolon(tokens[start] as Token, prev));
      out.push(tokens.slice(start, k));
      start = k;
    }
    const rest = tokens.slice(start);
    const last = rest.at(-1);
    if (!closed && last) findings.push(missingSemicolon(rest[0] as Token, last));
    out.push(rest);
  }
  return out;
}

const missingSemicolon = (first: Token, last: Token): Finding =>
  makeFinding(
    { line: last.line, column: last.column + last.text.length },
    'missing-semicolon',
    `The statement starting with "${first.text}" on line ${first.line} does not end with ";".`,
    {
      fix: { label: 'add the missing ";"', edits: [{ from: last.end, to: last.end, insert: ';' }] },
    },
  );

/** The size rule alone, so that a caller holding only a file's size can refuse it unread. */
export function checkInputSize(bytes: number): Finding | undefined {
  if (bytes <= MAX_INPUT_BYTES) return undefined;
  return makeFinding(
    { line: 1, column: 1 },
    'input-too-large',
    `The input has ${bytes} bytes; files over ${MAX_INPUT_BYTES} bytes (1 MiB) are refused unread.`,
  );
}

/**
 * Refuses input that cannot be a setkey.conf before parsing it: too large, or binary (NUL and
 * other control bytes, or bytes that were not valid UTF-8 and became U+FFFD when decoded).
 */
export function checkInput(text: string): Finding | undefined {
  const bytes = text.length > MAX_INPUT_BYTES ? text.length : new TextEncoder().encode(text).length;
  const tooLarge = checkInputSize(bytes);
  if (tooLarge) return tooLarge;
  // eslint-disable-next-line no-control-regex -- finding control bytes is the point
  const bad = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.exec(text);
  if (!bad) return undefined;
  const before = text.slice(0, bad.index);
  const line = before.split('\n').length;
  const column = bad.index - before.lastIndexOf('\n');
  const what =
    bad[0] === '\ufffd'
      ? 'a byte sequence that is not UTF-8 text'
      : `the control byte 0x${bad[0].charCodeAt(0).toString(16).padStart(2, '0')}`;
  return makeFinding(
    { line, column },
    'binary-input',
    `Line ${line}, column ${column} holds ${what}: this does not look like a text file, so it was not read further.`,
  );
}

export function parseSpi(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  return undefined;
}

const PROTOCOLS = new Set(['esp', 'ah', 'ipcomp', 'esp-udp', 'esp-old', 'ah-old']);
const VALUE_OPTIONS = new Set(['-m', '-u', '-r', '-lh', '-ls', '-bh', '-bs', '-f']);

const refText = (ref: KeyedAlgorithmRef) =>
  [ref.flag, ref.name, ref.key].flatMap((t) => (t ? [t.text] : [])).join(' ');
const refEnd = (ref: KeyedAlgorithmRef) => (ref.key ?? ref.name).end;

function optionOrder(encryption: KeyedAlgorithmRef, integrity: KeyedAlgorithmRef): Finding {
  return makeFinding(
    integrity.flag,
    'option-order',
    'setkey wants -E and its key before -A: this order is a syntax error.',
    {
      fix: {
        label: 'move -E before -A',
        edits: [
          { from: integrity.flag.offset, to: refEnd(integrity), insert: refText(encryption) },
          { from: encryption.flag.offset, to: refEnd(encryption), insert: refText(integrity) },
        ],
      },
    },
  );
}

function parseAdd(tokens: Token[], findings: Finding[]): AddStatement | undefined {
  const [head, ...rest] = tokens as [Token, ...Token[]];
  let args = rest;
  while (args[0] && /^-[46n]+$/.test(args[0].text)) args = args.slice(1);
  const [src, dst, protocol, spi, ...tail] = args;
  if (!src || !dst || !protocol || !spi) {
    findings.push(syntax(head, '"add" needs: add SRC DST PROTOCOL SPI [options] ALGORITHM;'));
    return undefined;
  }
  if (!PROTOCOLS.has(protocol.text)) {
    findings.push(
      syntax(protocol, `"${protocol.text}" is not an IPsec protocol (esp, ah or ipcomp).`),
    );
    return undefined;
  }
  const spiValue = parseSpi(spi.text);
  if (spiValue === undefined)
    findings.push(syntax(spi, `SPI "${spi.text}" is not a decimal or 0x hex number.`));
  const options = new Map<string, Token | undefined>();
  let encryption: KeyedAlgorithmRef | undefined;
  let integrity: KeyedAlgorithmRef | undefined;
  let compression: Token | undefined;
  for (let k = 0; k < tail.length; k++) {
    const tok = tail[k] as Token;
    if (tok.text === '-E' || tok.text === '-A') {
      const name = tail[k + 1];
      if (!name) {
        findings.push(syntax(tok, `${tok.text} needs an algorithm name.`));
        break;
      }
      // The null cipher and some MACs may omit the key; every other key follows the name.
      const keyTok = tail[k + 2];
      const hasKey = keyTok !== undefined && !keyTok.text.startsWith('-');
      const ref = { flag: tok, name, ...(hasKey && { key: keyTok }) };
      if (tok.text === '-E') encryption = ref;
      else integrity = ref;
      k += hasKey ? 2 : 1;
    } else if (tok.text === '-C') {
      compression = tail[k + 1];
      k += 1;
    } else if (VALUE_OPTIONS.has(tok.text)) {
      options.set(tok.text, tail[k + 1]);
      k += 1;
    } else {
      findings.push(syntax(tok, `Unexpected "${tok.text}" in an add statement.`));
      break;
    }
  }
  if (encryption && integrity && integrity.flag.offset < encryption.flag.offset)
    findings.push(optionOrder(encryption, integrity));
  return {
    kind: 'add',
    at: head,
    src,
    dst,
    protocol,
    spi,
    spiValue,
    options,
    ...(encryption && { encryption }),
    ...(integrity && { integrity }),
    ...(compression && { compression }),
  };
}

function parseSpdadd(tokens: Token[], findings: Finding[]): SpdaddStatement | undefined {
  const [head, ...rest] = tokens as [Token, ...Token[]];
  let args = rest;
  while (args[0] && /^-[46n]+$/.test(args[0].text)) args = args.slice(1);
  const [src, dst, upper, flag, direction, ...tail] = args;
  if (!src || !dst || !upper || !flag || flag.text !== '-P' || !direction) {
    findings.push(syntax(head, '"spdadd" needs: spdadd SRC DST UPPER -P in|out|fwd POLICY;'));
    return undefined;
  }
  if (!['in', 'out', 'fwd'].includes(direction.text)) {
    findings.push(
      syntax(direction, `Policy direction "${direction.text}" must be in, out or fwd.`),
    );
    return undefined;
  }
  let k = 0;
  if (tail[k]?.text === 'prio') k += 2;
  const action = tail[k];
  if (!action || !['ipsec', 'none', 'discard'].includes(action.text)) {
    findings.push(syntax(action ?? direction, 'A policy needs an action: ipsec, none or discard.'));
    return undefined;
  }
  const rules: PolicyRule[] = [];
  for (const tok of tail.slice(k + 1)) {
    const parts = tok.text.split('/');
    if (parts.length !== 4) {
      findings.push(syntax(tok, `Rule "${tok.text}" must read protocol/mode/src-dst/level.`));
      continue;
    }
    const [protocol, mode, endpoints, level] = parts as [string, string, string, string];
    if (!['esp', 'ah', 'ipcomp'].includes(protocol))
      findings.push(syntax(tok, `Rule protocol "${protocol}" must be esp, ah or ipcomp.`));
    if (!['transport', 'tunnel'].includes(mode))
      findings.push(syntax(tok, `Rule mode "${mode}" must be transport or tunnel.`));
    if (!/^(default|use|require|unique(:\d+)?)$/.test(level))
      findings.push(syntax(tok, `Rule level "${level}" must be default, use, require or unique.`));
    rules.push({ token: tok, protocol, mode, endpoints, level });
  }
  if (action.text === 'ipsec' && rules.length === 0) {
    findings.push(
      syntax(action, 'An ipsec policy needs at least one rule such as esp/transport//require.'),
    );
  }
  return { kind: 'spdadd', at: head, src, dst, upper, direction, action, rules };
}

export function parseSetkeyConf(text: string): ParsedSetkeyConf {
  const refused = checkInput(text);
  if (refused) return { statements: [], findings: [refused] };
  const findings: Finding[] = [];
  const statements: Statement[] = [];
  for (const tokens of splitMissingSemicolons(tokenize(text, findings), findings)) {
    const head = tokens[0];
    if (!head) continue;
    switch (head.text) {
      case 'flush':
      case 'spdflush':
        statements.push({ kind: head.text, at: head, ...(tokens[1] && { protocol: tokens[1] }) });
        break;
      case 'add': {
        const add = parseAdd(tokens, findings);
        if (add) statements.push(add);
        break;
      }
      case 'spdadd': {
        const spd = parseSpdadd(tokens, findings);
        if (spd) statements.push(spd);
        break;
      }
      default:
        findings.push(
          syntax(
            head,
            `Unknown statement "${head.text}" (expected add, spdadd, flush or spdflush).`,
          ),
        );
    }
  }
  return { statements, findings };
}
