import { findAlgorithm } from '../algorithms';
import { parseHostAddress } from '../address';
import {
  TEMPLATE_ORDER,
  explainAlgorithm,
  explainDirection,
  explainKey,
  explainLevel,
  explainMode,
  explainProtocol,
  explainSpi,
  explainUpperProtocol,
  findSa,
  nameAddress,
  nameRange,
  ownerOf,
  parseNumber,
} from './facts';
import { splitLine, type RawToken } from './tokens';
import type { ExplainContext, ExplainedToken, LineExplanation, TokenKind } from './types';

/** Explains one line of a setkey.conf, generated or written by hand, token by token. */

const mark = (raw: RawToken, kind: TokenKind, explanation: string): ExplainedToken => ({
  ...raw,
  kind,
  explanation,
});

export const notRecognised = (raw: RawToken, where: string): ExplainedToken =>
  mark(
    raw,
    'unknown',
    `Not recognised: ipsec-wizard does not know what "${raw.text}" means ${where}. Check the spelling against the manual page.`,
  );

interface StatementResult {
  tokens: ExplainedToken[];
  summary: string;
  /** For spdadd: "the outbound policy for any packets from ... to ...", used by continuation lines. */
  policy?: string;
  sender?: string;
  receiver?: string;
}

const FAMILY_FLAGS: Record<string, string> = {
  '4': 'IPv4 addresses only',
  '6': 'IPv6 addresses only',
  n: 'numeric addresses, no DNS lookups',
};

const familyFlagAt = (words: RawToken[], at: number) => {
  const raw = words[at];
  return raw && familyFlag(raw);
};

function familyFlag(raw: RawToken): ExplainedToken | undefined {
  if (!/^-[46n]+$/.test(raw.text)) return undefined;
  const meaning = [...raw.text.slice(1)].map((c) => FAMILY_FLAGS[c]).join('; ');
  return mark(raw, 'flag', `Restricts how the addresses are read: ${meaning}.`);
}

function hostAddressToken(context: ExplainContext, raw: RawToken, role: 'src' | 'dst') {
  const parsed = parseHostAddress(raw.text);
  const side =
    role === 'src'
      ? 'Source address: the host that sends packets with this SA'
      : 'Destination address: the host that receives packets with this SA';
  if ('text' in parsed) {
    return mark(raw, 'address', `${side}, ${nameAddress(context, raw.text)}.`);
  }
  if (/^[a-z0-9.-]*[a-z][a-z0-9.-]*$/i.test(raw.text)) {
    return mark(
      raw,
      'address',
      `${side}, given as the name ${raw.text}: setkey looks it up in DNS when the file is loaded, so a numeric address is safer.`,
    );
  }
  return notRecognised(raw, 'where an address belongs');
}

const RANGE = /^([^/[\]]+)(?:\/(\d+))?(?:\[([^\]]+)\])?$/;

/** A range without its port: "10.1.0.0/16[any]" gives "10.1.0.0/16". */
const selectorOf = (text: string): string | undefined => {
  const match = RANGE.exec(text);
  return match ? `${match[1]}${match[2] === undefined ? '' : `/${match[2]}`}` : undefined;
};

function rangeToken(context: ExplainContext, raw: RawToken, role: 'src' | 'dst') {
  const match = RANGE.exec(raw.text);
  const address = match?.[1] ?? '';
  const parsed = parseHostAddress(address);
  if (match && !('text' in parsed) && /^[a-z0-9.-]*[a-z][a-z0-9.-]*$/i.test(address)) {
    return mark(
      raw,
      'address',
      `${role === 'src' ? 'Packets coming from' : 'Packets going to'} the host named ${address}: setkey looks the name up in DNS when the file is loaded, so a numeric address is safer.`,
    );
  }
  if (!match || !('text' in parsed)) return notRecognised(raw, 'where an address range belongs');
  const full = parsed.family === 'ipv4' ? 32 : 128;
  const prefix = match[2] === undefined ? full : Number(match[2]);
  const who = role === 'src' ? 'Packets coming from' : 'Packets going to';
  const parts = [`${who} ${nameRange(context, selectorOf(raw.text) ?? address)}.`];
  parts.push(
    prefix === full
      ? match[2] === undefined
        ? 'No prefix is given, so exactly this one address is meant.'
        : `/${prefix} means exactly this one address.`
      : `/${prefix} widens it to a whole network of addresses.`,
  );
  if (match[3] !== undefined) {
    parts.push(match[3] === 'any' ? '[any] allows any port.' : `Only port ${match[3]}.`);
  }
  return mark(raw, 'address', parts.join(' '));
}

function explainFlush(words: RawToken[]): StatementResult {
  const [head, ...rest] = words as [RawToken, ...RawToken[]];
  const sad = head.text === 'flush';
  const tokens = [
    mark(
      head,
      'command',
      sad
        ? 'flush empties the SAD (Security Association Database): every SA, with its keys, is removed. Starting from nothing makes loading the file repeatable.'
        : 'spdflush empties the SPD (Security Policy Database): every policy is removed, so only the policies below remain.',
    ),
  ];
  for (const raw of rest) {
    const meaning = explainProtocol(raw.text);
    tokens.push(
      meaning && tokens.length === 1
        ? mark(raw, 'ipsec-protocol', `Only entries of this protocol are removed. ${meaning}`)
        : notRecognised(raw, `after ${head.text}`),
    );
  }
  return {
    tokens,
    summary: sad
      ? 'Empties the SAD so the SAs below are the only ones on this host.'
      : 'Empties the SPD so the policies below are the only ones on this host.',
  };
}

const VALUE_OPTIONS: Record<string, [string, string]> = {
  '-m': ['-m sets the SA mode.', ''],
  '-u': ['-u binds the SA to policies by an identifier (reqid).', 'The reqid number.'],
  '-r': [
    '-r sets the replay window: how many recent sequence numbers are remembered to reject replayed packets.',
    'The window size in packets (Linux allows up to 32; 0 turns replay protection off).',
  ],
  '-lh': ['-lh: hard lifetime in seconds; the SA is deleted after it.', 'Seconds.'],
  '-ls': ['-ls: soft lifetime in seconds; a key manager would be warned.', 'Seconds.'],
  '-bh': ['-bh: hard lifetime in bytes.', 'Bytes.'],
  '-bs': ['-bs: soft lifetime in bytes.', 'Bytes.'],
  '-f': ['-f sets padding or other flags (Linux ignores them).', 'The flag value.'],
};

const ADD_OPTIONS = new Set(['-E', '-A', '-C', '-m', '-u', '-r', '-lh', '-ls', '-bh', '-bs', '-f']);

/** The options after an add statement's SPI: mode, request id, lifetimes, algorithms and keys. */
function explainAddOptions(tail: RawToken[], tokens: ExplainedToken[]): void {
  for (let t = 0; t < tail.length; t++) {
    const raw = tail[t] as RawToken;
    const next = tail[t + 1];
    if (raw.text === '-E' || raw.text === '-A') {
      const kind = raw.text === '-E' ? 'encryption' : 'integrity';
      tokens.push(
        mark(
          raw,
          'flag',
          kind === 'encryption'
            ? '-E names the encryption algorithm and its key (ESP only; it must come before -A).'
            : '-A names the integrity (authentication) algorithm and its key.',
        ),
      );
      if (!next) break;
      const alg = findAlgorithm(next.text, kind);
      if (!alg) {
        tokens.push(notRecognised(next, `as an ${kind} algorithm`));
      } else {
        const icv =
          alg.kind === 'integrity'
            ? ` Through setkey on Linux its ICV on the wire is ${alg.id === 'hmac-sha256' ? 96 : alg.icvBits} bits${alg.id === 'hmac-sha256' ? ', not the 128 of RFC 4868: an ip xfrm peer must use auth-trunc with 96 to match' : ''}.`
            : '';
        tokens.push(mark(next, `${kind}-algorithm`, explainAlgorithm(alg, next.text) + icv));
      }
      t++;
      const key = tail[t + 1];
      if (key && !key.text.startsWith('-')) {
        const meaning = explainKey(alg, key.text);
        tokens.push(
          meaning ? mark(key, 'key', meaning) : notRecognised(key, 'where a key belongs'),
        );
        t++;
      }
    } else if (raw.text === '-C') {
      tokens.push(mark(raw, 'flag', '-C names the compression algorithm of an IPComp SA.'));
      if (next) {
        tokens.push(
          next.text === 'deflate'
            ? mark(next, 'compression-algorithm', 'deflate: the only compression Linux offers.')
            : notRecognised(next, 'as a compression algorithm'),
        );
        t++;
      }
    } else if (VALUE_OPTIONS[raw.text]) {
      const [what, value] = VALUE_OPTIONS[raw.text] as [string, string];
      tokens.push(mark(raw, 'flag', what));
      if (next) {
        if (raw.text === '-m') {
          const mode = explainMode(next.text);
          tokens.push(mode ? mark(next, 'mode', mode) : notRecognised(next, 'as a mode'));
        } else {
          tokens.push(
            /^\d+$|^0x[0-9a-f]+$/i.test(next.text)
              ? mark(next, 'option-value', value)
              : notRecognised(next, `as the value of ${raw.text}`),
          );
        }
        t++;
      }
    } else {
      tokens.push(notRecognised(raw, 'in an add statement'));
    }
  }
}

function explainAdd(context: ExplainContext, words: RawToken[]): StatementResult {
  const [head, ...rest] = words as [RawToken, ...RawToken[]];
  const tokens: ExplainedToken[] = [
    mark(
      head,
      'command',
      'add puts one Security Association (SA) into the SAD: the keys and algorithms for packets in one direction with one protocol.',
    ),
  ];
  let k = 0;
  for (let flag = familyFlagAt(rest, k); flag; flag = familyFlagAt(rest, k)) {
    tokens.push(flag);
    k++;
  }
  const [src, dst, protocol, spi] = rest.slice(k, k + 4);
  if (src) tokens.push(hostAddressToken(context, src, 'src'));
  if (dst) tokens.push(hostAddressToken(context, dst, 'dst'));
  const protoMeaning = protocol && explainProtocol(protocol.text);
  if (protocol) {
    tokens.push(
      protoMeaning
        ? mark(protocol, 'ipsec-protocol', protoMeaning)
        : notRecognised(protocol, 'where esp, ah or ipcomp belongs'),
    );
  }
  const spiValue = spi && parseNumber(spi.text);
  if (spi) {
    tokens.push(
      spiValue === undefined
        ? notRecognised(spi, 'where the SPI (a decimal or 0x hex number) belongs')
        : mark(spi, 'spi', explainSpi(context, spiValue, protocol?.text, dst?.text)),
    );
  }
  explainAddOptions(rest.slice(k + 4), tokens);

  const proto = protocol?.text.toUpperCase() ?? 'IPsec';
  const spiText = spiValue === undefined ? '' : ` with SPI 0x${spiValue.toString(16)}`;
  let summary = `Adds the ${proto} SA for packets from ${src ? nameAddress(context, src.text) : '?'} to ${dst ? nameAddress(context, dst.text) : '?'}${spiText}.`;
  const sa =
    src && dst && protocol
      ? findSa(context, src.text, dst.text, protocol.text, spiValue)
      : undefined;
  if (!sa) return { tokens, summary };
  summary += ` Host ${sa.from} sends with it and host ${sa.to} receives with it`;
  if (context.hostName === sa.from) summary += ' (outbound on this host)';
  if (context.hostName === sa.to) summary += ' (inbound on this host)';
  return { tokens, summary: `${summary}.`, sender: sa.from, receiver: sa.to };
}

const TEMPLATE =
  /^(esp|ah|ipcomp)\/(transport|tunnel)\/([^/]*)\/(default|use|require|unique(?::\d+)?)$/;

function endpointsText(context: ExplainContext, endpoints: string): string {
  if (endpoints === '') {
    return 'The empty field between the slashes is where tunnel endpoints would go; transport mode needs none.';
  }
  const [from, to, ...extra] = endpoints.split('-');
  if (!from || !to || extra.length > 0)
    return `${endpoints} should name the two tunnel endpoints as A-B.`;
  return `The tunnel runs from ${nameAddress(context, from)} to ${nameAddress(context, to)}: these addresses go in the outer IP header, and the SA between them must be added with -m tunnel.`;
}

function templateToken(context: ExplainContext, raw: RawToken): ExplainedToken {
  const match = TEMPLATE.exec(raw.text);
  if (!match) return notRecognised(raw, 'where a rule such as esp/transport//require belongs');
  const [, protocol = '', mode = '', endpoints = '', level = ''] = match;
  const parts = [
    `A rule: protect the packets with ${protocol.toUpperCase()} in ${mode} mode, level ${level}.`,
    endpointsText(context, endpoints),
    explainLevel(level, 'setkey') ?? '',
    ...(level.includes(':')
      ? [
          `${level.split(':')[1]} is the request id: only SAs added with -u ${level.split(':')[1]} may serve this rule.`,
        ]
      : []),
    TEMPLATE_ORDER,
  ];
  const templates = context.link?.hosts[0]?.policies[0]?.templates;
  if (templates && templates.length > 1) {
    parts.push(`This plan lists ${templates.map((t) => t.protocol).join(' then ')}.`);
  }
  return mark(raw, 'template', parts.join(' '));
}

const ACTIONS: Record<string, string> = {
  ipsec: 'ipsec: the packets must go through IPsec as the rules that follow describe.',
  none: 'none: the packets bypass IPsec entirely.',
  discard: 'discard: the packets are dropped.',
};

const SPD_PHASES = ['src', 'dst', 'upper', '-P', 'direction', 'action', 'rules'] as const;
type SpdPhase = (typeof SPD_PHASES)[number];

/** Explains an spdadd statement, or the rest of one continued from an earlier line. */
function explainSpd(
  context: ExplainContext,
  words: RawToken[],
  startAt: SpdPhase,
  tokens: ExplainedToken[],
): StatementResult {
  let phase = SPD_PHASES.indexOf(startAt);
  let src: string | undefined;
  let dst: string | undefined;
  let upper: string | undefined;
  let direction: string | undefined;
  let rules = 0;
  for (let w = 0; w < words.length; w++) {
    const raw = words[w] as RawToken;
    const current = SPD_PHASES[phase] ?? 'rules';
    const flag = current === 'src' ? familyFlag(raw) : undefined;
    if (flag) {
      tokens.push(flag);
      continue;
    }
    switch (current) {
      case 'src':
      case 'dst':
        tokens.push(rangeToken(context, raw, current));
        if (current === 'src') src = selectorOf(raw.text);
        else dst = selectorOf(raw.text);
        break;
      case 'upper': {
        const meaning =
          explainUpperProtocol(raw.text) ??
          (/^[a-z][a-z0-9-]*$/.test(raw.text)
            ? `${raw.text}: a protocol name that setkey looks up in /etc/protocols; the policy covers only it.`
            : undefined);
        tokens.push(
          meaning ? mark(raw, 'upper-protocol', meaning) : notRecognised(raw, 'as a protocol'),
        );
        upper = raw.text;
        break;
      }
      case '-P':
        tokens.push(
          raw.text === '-P'
            ? mark(raw, 'flag', '-P starts the policy itself: its direction, then what to do.')
            : notRecognised(raw, 'where -P belongs'),
        );
        break;
      case 'direction': {
        const meaning = explainDirection(context, raw.text, src, dst, 'setkey');
        tokens.push(
          meaning ? mark(raw, 'direction', meaning) : notRecognised(raw, 'as a direction'),
        );
        direction = raw.text;
        break;
      }
      case 'action': {
        const next = words[w + 1];
        if (raw.text === 'prio' && next) {
          tokens.push(mark(raw, 'flag', 'prio sets the policy priority.'));
          tokens.push(
            mark(next, 'priority', 'The priority value; lower numbers win when policies overlap.'),
          );
          w++;
          continue;
        }
        const meaning = ACTIONS[raw.text];
        tokens.push(meaning ? mark(raw, 'action', meaning) : notRecognised(raw, 'as an action'));
        break;
      }
      case 'rules':
        tokens.push(templateToken(context, raw));
        rules++;
        break;
    }
    phase++;
  }
  if (startAt !== 'src') {
    const policy = 'the policy above';
    return {
      tokens,
      summary:
        rules > 0
          ? `Continues ${policy} with ${rules === 1 ? 'a rule' : `${rules} rules`} saying how its packets are protected.`
          : `Continues ${policy}.`,
    };
  }
  const from = src ? nameRange(context, src) : '?';
  const to = dst ? nameRange(context, dst) : '?';
  const owner = ownerOf(context, (direction === 'in' ? dst : src) ?? '');
  const holder = owner ? `host ${owner.name}` : direction === 'in' ? to : from;
  const dir =
    direction === 'out'
      ? `outbound: ${holder} sends them`
      : direction === 'in'
        ? `inbound: ${holder} receives them`
        : (direction ?? 'with no direction yet');
  const upperText = upper === undefined ? '' : `${upper} `;
  const protection =
    rules === 0
      ? 'the rules on the following lines say how they are protected'
      : `${rules === 1 ? 'its rule says' : `its ${rules} rules say`} how they are protected`;
  const way = direction === 'out' ? 'outbound ' : direction === 'in' ? 'inbound ' : '';
  return {
    tokens,
    summary: `Adds the SPD policy for ${upperText}packets from ${from} to ${to}, ${dir}; ${protection}.`,
    policy: `the ${way}policy for ${upperText}packets from ${from} to ${to}`,
  };
}

function explainStatement(context: ExplainContext, words: RawToken[]): StatementResult {
  const head = words[0] as RawToken;
  switch (head.text) {
    case 'flush':
    case 'spdflush':
      return explainFlush(words);
    case 'add':
      return explainAdd(context, words);
    case 'spdadd': {
      const tokens = [
        mark(
          head,
          'command',
          'spdadd puts a policy into the SPD: which packets (by address and protocol) must use IPsec and how.',
        ),
      ];
      return explainSpd(context, words.slice(1), 'src', tokens);
    }
  }
  // A line inside a statement that started on an earlier line.
  if (TEMPLATE.test(head.text)) return explainSpd(context, words, 'rules', []);
  if (head.text in ACTIONS || head.text === 'prio') return explainSpd(context, words, 'action', []);
  if (head.text === '-P') return explainSpd(context, words, '-P', []);
  if (ADD_OPTIONS.has(head.text)) {
    const tokens: ExplainedToken[] = [];
    explainAddOptions(words, tokens);
    return {
      tokens,
      summary: 'Continues an SA (add) statement begun above with its mode, algorithms or keys.',
    };
  }
  return {
    tokens: words.map((raw) => notRecognised(raw, 'in a setkey.conf statement')),
    summary: `Not recognised: "${head.text}" does not start a setkey statement (add, spdadd, flush, spdflush) or continue one.`,
  };
}

function explainShebang(line: string): LineExplanation {
  const tokens: ExplainedToken[] = [];
  for (const match of line.matchAll(/\S+/g)) {
    const raw = { text: match[0], start: match.index, end: match.index + match[0].length };
    if (tokens.length === 0) {
      tokens.push(
        mark(
          raw,
          'shebang',
          `Names the program that reads this file (${raw.text.slice(2)}), so the file can be run directly once it is executable.`,
        ),
      );
    } else if (raw.text === '-f' && tokens.length === 1) {
      tokens.push(mark(raw, 'flag', '-f tells setkey to read its statements from this file.'));
    } else tokens.push(notRecognised(raw, 'on the first line'));
  }
  return {
    format: 'setkey',
    line,
    summary: 'The interpreter line: running the file hands it to setkey -f.',
    tokens,
  };
}

interface ExplainedText {
  tokens: ExplainedToken[];
  results: StatementResult[];
  /** Whether the text holds a ";" ending a statement begun before it. */
  endsEarlier: boolean;
}

/** Explains setkey text of one or more lines; comments do not interrupt a statement. */
function explainSetkeyText(text: string, context: ExplainContext): ExplainedText {
  const tokens: ExplainedToken[] = [];
  const results: StatementResult[] = [];
  let endsEarlier = false;
  let statement: RawToken[] = [];
  const finish = () => {
    if (statement.length === 0) return false;
    const result = explainStatement(context, statement);
    tokens.push(...result.tokens);
    results.push(result);
    statement = [];
    return true;
  };
  for (const raw of splitLine(text, 'setkey')) {
    if (raw.text.startsWith('#')) {
      tokens.push(
        mark(
          raw,
          'comment',
          'A comment for people: setkey ignores everything from # to the end of the line.',
        ),
      );
    } else if (raw.text === ';') {
      if (!finish() && results.length === 0) endsEarlier = true;
      tokens.push(
        mark(
          raw,
          'terminator',
          'The semicolon ends a setkey statement, however many lines it spans.',
        ),
      );
    } else statement.push(raw);
  }
  finish();
  tokens.sort((x, y) => x.start - y.start);
  return { tokens, results, endsEarlier };
}

const ONLY_RULES: ReadonlySet<string> = new Set(['template', 'terminator', 'comment']);

export function explainSetkeyLine(line: string, context: ExplainContext): LineExplanation {
  if (line.startsWith('#!')) return explainShebang(line);
  const { statementStart, ...plain } = context;
  const base = { format: 'setkey' as const, line };
  const own = explainSetkeyText(line, plain);
  const hasStatementWords = own.tokens.some((t) => t.kind !== 'comment');
  if (statementStart !== undefined && hasStatementWords) {
    // Explain the statement as a whole, then keep this line's tokens.
    const prefix = `${statementStart}\n`;
    const whole = explainSetkeyText(prefix + line, plain);
    const tokens = whole.tokens
      .filter((t) => t.start >= prefix.length)
      .map((t) => ({ ...t, start: t.start - prefix.length, end: t.end - prefix.length }));
    const [first, ...later] = whole.results;
    const rules = tokens.filter((t) => t.kind === 'template').length;
    const lead =
      first?.policy && tokens.every((t) => ONLY_RULES.has(t.kind))
        ? rules > 0
          ? `Continues ${first.policy} with ${rules === 1 ? 'a rule' : `${rules} rules`} saying how its packets are protected.`
          : `Ends ${first.policy}.`
        : `Continues the statement begun above. ${first?.summary ?? ''}`;
    return {
      ...base,
      summary: [lead, ...later.map((r) => r.summary)].join(' '),
      tokens,
      ...(first?.sender !== undefined && { sender: first.sender }),
      ...(first?.receiver !== undefined && { receiver: first.receiver }),
    };
  }
  const [first] = own.results;
  let summary = own.results.map((r) => r.summary).join(' ');
  if (own.endsEarlier) summary = `Ends the statement started on the lines above. ${summary}`.trim();
  if (summary === '') {
    summary =
      own.tokens.length > 0 ? 'A comment; setkey ignores it.' : 'An empty line; setkey skips it.';
  }
  return {
    ...base,
    summary,
    tokens: own.tokens,
    ...(first?.sender !== undefined && { sender: first.sender }),
    ...(first?.receiver !== undefined && { receiver: first.receiver }),
  };
}
