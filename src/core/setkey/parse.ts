/**
 * A parser for setkey.conf as ipsec-tools reads it on Linux: free-form statements ending in `;`,
 * `#` comments, decimal or hex SPIs, hex or quoted-string keys. It never throws: every problem
 * becomes a finding with a line and column.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Finding extends Position {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
}

export interface Token extends Position {
  readonly text: string;
  /** Quoted strings keep their quotes in `text`; `quoted` marks them. */
  readonly quoted: boolean;
}

export interface KeyedAlgorithmRef {
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

const error = (at: Position, code: string, message: string): Finding => ({
  ...at,
  line: at.line,
  column: at.column,
  severity: 'error',
  code,
  message,
});

/** Splits the text into statements of tokens; comments dropped, positions kept. */
function tokenize(text: string, findings: Finding[]): { tokens: Token[]; end: Position }[] {
  const statements: { tokens: Token[]; end: Position }[] = [];
  let current: Token[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const advance = (ch: string) => {
    if (ch === '\n') {
      line += 1;
      column = 1;
    } else column += 1;
    i += 1;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\r') {
      findings.push(
        error(
          { line, column },
          'crlf',
          'Carriage return found: setkey reads LF line endings only (convert with dos2unix).',
        ),
      );
      advance(ch);
    } else if (/\s/.test(ch)) {
      advance(ch);
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') advance(text[i] as string);
    } else if (ch === ';') {
      statements.push({ tokens: current, end: { line, column } });
      current = [];
      advance(ch);
    } else if (ch === '"') {
      const start = { line, column };
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j++;
      if (text[j] !== '"') {
        findings.push(error(start, 'syntax', 'Unterminated quoted string.'));
        while (i < j) advance(text[i] as string);
      } else {
        const body = text.slice(i, j + 1);
        current.push({ ...start, text: body, quoted: true });
        while (i <= j) advance(text[i] as string);
      }
    } else {
      const start = { line, column };
      let j = i;
      while (j < text.length && !/[\s;#"]/.test(text[j] as string)) j++;
      current.push({ ...start, text: text.slice(i, j), quoted: false });
      while (i < j) advance(text[i] as string);
    }
  }
  if (current.length > 0) {
    const first = current[0] as Token;
    findings.push(
      error(first, 'syntax', `The statement starting with "${first.text}" does not end with ";".`),
    );
  }
  return statements;
}

export function parseSpi(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  return undefined;
}

const PROTOCOLS = new Set(['esp', 'ah', 'ipcomp', 'esp-udp', 'esp-old', 'ah-old']);
const VALUE_OPTIONS = new Set(['-m', '-u', '-r', '-lh', '-ls', '-bh', '-bs', '-f']);

function parseAdd(tokens: Token[], findings: Finding[]): AddStatement | undefined {
  const [head, ...rest] = tokens as [Token, ...Token[]];
  let args = rest;
  while (args[0] && /^-[46n]+$/.test(args[0].text)) args = args.slice(1);
  const [src, dst, protocol, spi, ...tail] = args;
  if (!src || !dst || !protocol || !spi) {
    findings.push(
      error(head, 'syntax', '"add" needs: add SRC DST PROTOCOL SPI [options] ALGORITHM;'),
    );
    return undefined;
  }
  if (!PROTOCOLS.has(protocol.text)) {
    findings.push(
      error(protocol, 'syntax', `"${protocol.text}" is not an IPsec protocol (esp, ah or ipcomp).`),
    );
    return undefined;
  }
  const spiValue = parseSpi(spi.text);
  if (spiValue === undefined)
    findings.push(error(spi, 'syntax', `SPI "${spi.text}" is not a decimal or 0x hex number.`));
  const options = new Map<string, Token | undefined>();
  let encryption: KeyedAlgorithmRef | undefined;
  let integrity: KeyedAlgorithmRef | undefined;
  let compression: Token | undefined;
  for (let k = 0; k < tail.length; k++) {
    const tok = tail[k] as Token;
    if (tok.text === '-E' || tok.text === '-A') {
      const name = tail[k + 1];
      if (!name) {
        findings.push(error(tok, 'syntax', `${tok.text} needs an algorithm name.`));
        break;
      }
      if (
        tok.text === '-A' &&
        encryption === undefined &&
        tail.slice(k + 2).some((t) => t.text === '-E')
      ) {
        findings.push(error(tok, 'syntax', 'setkey wants -E before -A.'));
      }
      // The null cipher and some MACs may omit the key; every other key follows the name.
      const keyTok = tail[k + 2];
      const hasKey = keyTok !== undefined && !keyTok.text.startsWith('-');
      const ref = { name, ...(hasKey && { key: keyTok }) };
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
      findings.push(error(tok, 'syntax', `Unexpected "${tok.text}" in an add statement.`));
      break;
    }
  }
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
    findings.push(
      error(head, 'syntax', '"spdadd" needs: spdadd SRC DST UPPER -P in|out|fwd POLICY;'),
    );
    return undefined;
  }
  if (!['in', 'out', 'fwd'].includes(direction.text)) {
    findings.push(
      error(direction, 'syntax', `Policy direction "${direction.text}" must be in, out or fwd.`),
    );
    return undefined;
  }
  let k = 0;
  if (tail[k]?.text === 'prio') k += 2;
  const action = tail[k];
  if (!action || !['ipsec', 'none', 'discard'].includes(action.text)) {
    findings.push(
      error(action ?? direction, 'syntax', 'A policy needs an action: ipsec, none or discard.'),
    );
    return undefined;
  }
  const rules: PolicyRule[] = [];
  for (const tok of tail.slice(k + 1)) {
    const parts = tok.text.split('/');
    if (parts.length !== 4) {
      findings.push(
        error(tok, 'syntax', `Rule "${tok.text}" must read protocol/mode/src-dst/level.`),
      );
      continue;
    }
    const [protocol, mode, endpoints, level] = parts as [string, string, string, string];
    if (!['esp', 'ah', 'ipcomp'].includes(protocol))
      findings.push(error(tok, 'syntax', `Rule protocol "${protocol}" must be esp, ah or ipcomp.`));
    if (!['transport', 'tunnel'].includes(mode))
      findings.push(error(tok, 'syntax', `Rule mode "${mode}" must be transport or tunnel.`));
    if (!/^(default|use|require|unique(:\d+)?)$/.test(level))
      findings.push(
        error(tok, 'syntax', `Rule level "${level}" must be default, use, require or unique.`),
      );
    rules.push({ token: tok, protocol, mode, endpoints, level });
  }
  if (action.text === 'ipsec' && rules.length === 0) {
    findings.push(
      error(
        action,
        'syntax',
        'An ipsec policy needs at least one rule such as esp/transport//require.',
      ),
    );
  }
  return { kind: 'spdadd', at: head, src, dst, upper, direction, action, rules };
}

export function parseSetkeyConf(text: string): ParsedSetkeyConf {
  const findings: Finding[] = [];
  const statements: Statement[] = [];
  for (const { tokens } of tokenize(text, findings)) {
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
          error(
            head,
            'syntax',
            `Unknown statement "${head.text}" (expected add, spdadd, flush or spdflush).`,
          ),
        );
    }
  }
  return { statements, findings };
}
