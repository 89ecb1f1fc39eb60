import { parseHostAddress } from '../address';
import type { Algorithm } from '../algorithms';
import {
  TEMPLATE_ORDER,
  explainAlgorithm,
  explainDirection,
  explainIcvBits,
  explainKey,
  explainLevel,
  explainMode,
  explainProtocol,
  explainSpi,
  explainUpperProtocol,
  findSa,
  findXfrmAlgorithm,
  nameRange,
  parseNumber,
} from './facts';
import { notRecognised } from './setkey';
import { splitLine, type RawToken } from './tokens';
import type {
  ExplainContext,
  ExplainFormat,
  ExplainedToken,
  LineExplanation,
  TokenKind,
} from './types';

/** Explains one line of an ipsec-up.sh or ipsec-down.sh script (iproute2 `ip xfrm`). */

const mark = (raw: RawToken, kind: TokenKind, explanation: string): ExplainedToken => ({
  ...raw,
  kind,
  explanation,
});

const STOP_ON_ERROR =
  '-e stops the script at the first command that fails, so a half-installed setup is noticed at once.';
const NO_UNSET = '-u treats an unset variable as an error instead of an empty word.';
const SET_FLAGS: Record<string, string> = {
  '-e': STOP_ON_ERROR,
  '-u': NO_UNSET,
  '-eu': `${STOP_ON_ERROR} ${NO_UNSET}`,
};

interface IpResult {
  summary: string;
  sender?: string;
  receiver?: string;
}

function addressToken(context: ExplainContext, raw: RawToken, what: string): ExplainedToken {
  const match = /^([^/]+)(?:\/(\d+))?$/.exec(raw.text);
  const address = match?.[1] ?? '';
  const parsed = parseHostAddress(address);
  if (!match || !('text' in parsed)) return notRecognised(raw, `where ${what} belongs`);
  const parts = [`${what[0]?.toUpperCase()}${what.slice(1)}: ${nameRange(context, raw.text)}.`];
  if (match[2] !== undefined) {
    const full = parsed.family === 'ipv4' ? 32 : 128;
    parts.push(
      Number(match[2]) === full
        ? `/${match[2]} means exactly this one address.`
        : `/${match[2]} widens it to a whole network.`,
    );
  }
  return mark(raw, 'address', parts.join(' '));
}

/** Walks the keyword/value arguments of `ip xfrm state|policy ...`. */
function explainArguments(
  context: ExplainContext,
  object: 'state' | 'policy',
  words: RawToken[],
  tokens: ExplainedToken[],
) {
  const seen: Record<string, string> = {};
  let inTemplate = false;
  let alg: Algorithm | undefined;
  const keyword = (raw: RawToken, text: string) => tokens.push(mark(raw, 'keyword', text));
  for (let w = 0; w < words.length; w++) {
    const raw = words[w] as RawToken;
    const next = words[w + 1];
    const take = (explain: (value: RawToken) => ExplainedToken) => {
      const value = words[w + 1];
      if (value) tokens.push(explain(value));
      w++;
    };
    switch (raw.text) {
      case 'src':
      case 'dst': {
        const role = raw.text === 'src' ? 'source' : 'destination';
        if (inTemplate) {
          keyword(raw, `${raw.text} gives the template's ${role} tunnel endpoint.`);
          take((v) => addressToken(context, v, `the ${role} tunnel endpoint`));
        } else if (object === 'state') {
          keyword(raw, `${raw.text} introduces the SA's ${role} address.`);
          take((v) =>
            addressToken(
              context,
              v,
              raw.text === 'src'
                ? 'the host that sends packets with this SA'
                : 'the host that receives packets with this SA',
            ),
          );
        } else {
          keyword(raw, `${raw.text} introduces the ${role} the policy matches.`);
          take((v) =>
            addressToken(
              context,
              v,
              raw.text === 'src' ? 'packets coming from' : 'packets going to',
            ),
          );
        }
        if (next && !inTemplate) seen[raw.text] = next.text;
        break;
      }
      case 'proto':
        if (object === 'policy' && !inTemplate) {
          keyword(raw, 'proto narrows the policy to one upper-layer protocol.');
          take((v) => {
            const meaning = explainUpperProtocol(v.text);
            return meaning ? mark(v, 'upper-protocol', meaning) : notRecognised(v, 'as a protocol');
          });
        } else {
          keyword(raw, 'proto names the IPsec protocol.');
          take((v) => {
            const meaning = explainProtocol(v.text);
            return meaning ? mark(v, 'ipsec-protocol', meaning) : notRecognised(v, 'as esp or ah');
          });
          if (next) seen.proto = next.text;
        }
        break;
      case 'spi':
        keyword(raw, 'spi introduces the Security Parameters Index.');
        take((v) => {
          const value = parseNumber(v.text);
          if (value !== undefined) seen.spi = String(value);
          return value === undefined
            ? notRecognised(v, 'where the SPI belongs')
            : mark(v, 'spi', explainSpi(context, value, seen.proto, seen.dst));
        });
        break;
      case 'mode':
        keyword(raw, 'mode sets the IPsec mode.');
        take((v) => {
          const meaning = explainMode(v.text);
          return meaning ? mark(v, 'mode', meaning) : notRecognised(v, 'as a mode');
        });
        break;
      case 'enc':
      case 'auth':
      case 'auth-trunc':
      case 'aead': {
        const what: Record<string, string> = {
          enc: 'enc names the encryption algorithm (kernel name) and its key.',
          auth: 'auth names the integrity algorithm and its key; the ICV length is left to the kernel (96 bits for the HMACs).',
          'auth-trunc':
            'auth-trunc names the integrity algorithm, its key and the ICV length in bits, so nothing is left to kernel defaults.',
          aead: 'aead names a combined cipher and integrity algorithm, its key and ICV length.',
        };
        keyword(raw, what[raw.text] ?? '');
        take((v) => {
          alg = findXfrmAlgorithm(v.text);
          return alg
            ? mark(
                v,
                alg.kind === 'encryption' ? 'encryption-algorithm' : 'integrity-algorithm',
                explainAlgorithm(alg, v.text),
              )
            : notRecognised(v, 'as a kernel algorithm name');
        });
        take((v) => {
          const meaning = explainKey(alg, v.text);
          return meaning ? mark(v, 'key', meaning) : notRecognised(v, 'where a key belongs');
        });
        if (raw.text === 'auth-trunc' || raw.text === 'aead') {
          take((v) =>
            /^\d+$/.test(v.text)
              ? mark(v, 'icv-bits', explainIcvBits(alg, Number(v.text)))
              : notRecognised(v, 'where the ICV length belongs'),
          );
        }
        break;
      }
      case 'reqid':
      case 'replay-window':
      case 'priority':
      case 'index':
      case 'sport':
      case 'dport': {
        const what: Record<string, [string, string]> = {
          reqid: ['reqid ties SAs and policy templates together by number.', 'The reqid number.'],
          'replay-window': [
            'replay-window sets how many recent packets are remembered to reject replays.',
            'The window size in packets; 0 turns replay protection off.',
          ],
          priority: ['priority orders overlapping policies.', 'Lower numbers win.'],
          index: ['index names one policy by its number.', 'The policy index.'],
          sport: ['sport narrows the policy to one source port.', 'The port number.'],
          dport: ['dport narrows the policy to one destination port.', 'The port number.'],
        };
        const [head, value] = what[raw.text] as [string, string];
        keyword(raw, head);
        take((v) =>
          /^(\d+|0x[0-9a-f]+)$/i.test(v.text)
            ? mark(v, raw.text === 'priority' ? 'priority' : 'option-value', value)
            : notRecognised(v, `as the value of ${raw.text}`),
        );
        break;
      }
      case 'dir':
        keyword(raw, 'dir sets which way the packets travel, seen from this host.');
        take((v) => {
          const meaning = explainDirection(context, v.text, seen.src, seen.dst, 'xfrm');
          if (meaning) seen.dir = v.text;
          return meaning ? mark(v, 'direction', meaning) : notRecognised(v, 'as a direction');
        });
        break;
      case 'tmpl':
        inTemplate = true;
        keyword(
          raw,
          `tmpl starts a template: one layer of protection the packets must receive. ${TEMPLATE_ORDER}`,
        );
        break;
      case 'level':
        keyword(raw, 'level says whether the template is mandatory.');
        take((v) => {
          const meaning = explainLevel(v.text, 'xfrm');
          return meaning ? mark(v, 'level', meaning) : notRecognised(v, 'as a level');
        });
        break;
      case 'action':
        keyword(raw, 'action says what happens to matching packets.');
        take((v) =>
          v.text === 'allow' || v.text === 'block'
            ? mark(
                v,
                'action',
                v.text === 'allow' ? 'allow: let them through (the default).' : 'block: drop them.',
              )
            : notRecognised(v, 'as an action'),
        );
        break;
      default:
        tokens.push(notRecognised(raw, `in an ip xfrm ${object} command`));
    }
  }
  return seen;
}

function explainIp(
  format: ExplainFormat,
  context: ExplainContext,
  words: RawToken[],
  tokens: ExplainedToken[],
): IpResult {
  const [ip, xfrm, object, verb, ...rest] = words as [RawToken, ...RawToken[]];
  tokens.push(
    mark(ip, 'command', 'ip is the iproute2 network tool that today replaces setkey on Linux.'),
  );
  if (xfrm?.text === 'route' && object?.text === 'get' && verb && rest.length === 0) {
    tokens.push(mark(xfrm, 'keyword', 'route works on the routing table.'));
    tokens.push(
      mark(
        object,
        'keyword',
        'get asks which route a packet to the address would take, without sending one.',
      ),
    );
    tokens.push(addressToken(context, verb, 'the address to look up'));
    return {
      summary: `Checks that this gateway has a route towards ${nameRange(context, verb.text)}; without one, packets for the far network never reach the tunnel.`,
    };
  }
  if (!xfrm || xfrm.text !== 'xfrm') {
    if (xfrm) tokens.push(notRecognised(xfrm, 'after ip (ipsec-wizard explains ip xfrm only)'));
    tokens.push(...words.slice(2).map((w) => notRecognised(w, 'in this ip command')));
    return { summary: 'An ip command that is not about IPsec; ipsec-wizard cannot explain it.' };
  }
  tokens.push(mark(xfrm, 'keyword', "xfrm selects the kernel's IPsec transform framework."));
  if (!object || (object.text !== 'state' && object.text !== 'policy')) {
    if (object) tokens.push(notRecognised(object, 'after ip xfrm (state or policy expected)'));
    return { summary: 'Not recognised: ip xfrm needs state or policy here.' };
  }
  const isState = object.text === 'state';
  tokens.push(
    mark(
      object,
      'keyword',
      isState
        ? "state works on the SAD, the kernel's table of Security Associations (keys and algorithms)."
        : "policy works on the SPD, the kernel's table of policies deciding which packets need IPsec.",
    ),
  );
  const verbs: Record<string, string> = {
    add: 'add creates the entry; it fails if the same one exists already.',
    update: 'update changes an existing entry.',
    delete: 'delete removes the one entry described by the selectors that follow.',
    flush: isState ? 'flush removes every SA.' : 'flush removes every policy.',
    deleteall: 'deleteall removes every entry matching what follows.',
    list: 'list shows the entries.',
    get: 'get shows one entry.',
  };
  if (!verb) return { summary: `Not complete: ip xfrm ${object.text} needs a command.` };
  tokens.push(
    verbs[verb.text]
      ? mark(verb, 'keyword', verbs[verb.text] ?? '')
      : notRecognised(verb, `after ip xfrm ${object.text}`),
  );
  const seen = explainArguments(context, object.text as 'state' | 'policy', rest, tokens);

  const from = seen.src ? nameRange(context, seen.src) : 'any source';
  const to = seen.dst ? nameRange(context, seen.dst) : 'any destination';
  if (verb.text === 'flush') {
    return {
      summary: isState
        ? "Empties the SAD: every SA on this host is removed (like setkey's flush;)."
        : "Empties the SPD: every policy on this host is removed (like setkey's spdflush;).",
    };
  }
  const removing = verb.text === 'delete' || verb.text === 'deleteall';
  const doing = removing ? 'Removes' : verb.text === 'add' ? 'Installs' : 'Changes';
  let summary: string;
  let sender: string | undefined;
  let receiver: string | undefined;
  if (isState) {
    const spi = seen.spi === undefined ? '' : ` with SPI 0x${Number(seen.spi).toString(16)}`;
    summary = `${doing} the ${seen.proto?.toUpperCase() ?? 'IPsec'} SA for packets from ${from} to ${to}${spi}`;
    const sa =
      seen.src && seen.dst && seen.proto
        ? findSa(
            context,
            seen.src,
            seen.dst,
            seen.proto,
            seen.spi === undefined ? undefined : Number(seen.spi),
          )
        : undefined;
    if (sa) {
      sender = sa.from;
      receiver = sa.to;
      summary += `; host ${sa.from} sends with it and host ${sa.to} receives with it`;
      if (context.hostName === sa.from) summary += ' (outbound on this host)';
      if (context.hostName === sa.to) summary += ' (inbound on this host)';
    }
  } else {
    const dir =
      seen.dir === 'out'
        ? ', outbound'
        : seen.dir === 'in'
          ? ', inbound'
          : seen.dir === 'fwd'
            ? ', forwarded by this gateway'
            : '';
    summary = `${doing} the SPD policy for packets from ${from} to ${to}${dir}`;
  }
  if (removing) {
    summary +=
      format === 'xfrm-up'
        ? '. It clears what an earlier run may have left, so the script can run twice'
        : '. It undoes what ipsec-up.sh added';
  }
  return {
    summary: `${summary}.`,
    ...(sender !== undefined && { sender }),
    ...(receiver !== undefined && { receiver }),
  };
}

const OPERATORS: Record<string, string> = {
  '||': '|| runs the next command only when the one before it fails.',
  '&&': '&& runs the next command only when the one before it succeeds.',
  ';': 'The semicolon ends one command; the next one follows on the same line.',
};

const REDIRECTS: Record<string, string> = {
  '2>/dev/null':
    '2>/dev/null hides the error message, which is expected here (for instance when the entry does not exist yet).',
  '>/dev/null':
    ">/dev/null throws the command's normal output away; only whether it succeeds matters.",
  '2>&1': '2>&1 sends error messages where the normal output goes, here nowhere.',
  '>&2': '>&2 prints the message on standard error, where warnings belong.',
};

const FORWARDING_READ = /^"\$\(cat \/proc\/sys\/net\/ipv([46])\/\S+ 2>\/dev\/null\)"$/;

interface CommandMeaning {
  summary: string;
  /** The summary when the command runs after ||, i.e. only if the one before failed. */
  orElse: string;
}

/** Explains one simple command of a script line (no operators, no redirections). */
function explainSimpleCommand(
  format: ExplainFormat,
  context: ExplainContext,
  words: RawToken[],
  tokens: ExplainedToken[],
): CommandMeaning | undefined {
  const [head, ...rest] = words;
  if (!head) return undefined;
  const same = (summary: string): CommandMeaning => ({ summary, orElse: summary });
  switch (head.text) {
    case 'ip': {
      const { summary } = explainIp(format, context, words, tokens);
      return same(summary);
    }
    case 'set':
      tokens.push(mark(head, 'shell', 'set changes how the shell runs the rest of the script.'));
      for (const raw of rest) {
        tokens.push(
          SET_FLAGS[raw.text]
            ? mark(raw, 'flag', SET_FLAGS[raw.text] ?? '')
            : notRecognised(raw, 'after set'),
        );
      }
      return same('Makes the script stop at the first error instead of carrying on half done.');
    case 'echo': {
      const warning = rest.some((w) => /warning/i.test(w.text));
      tokens.push(mark(head, 'shell', 'echo prints a message.'));
      for (const raw of rest) {
        tokens.push(
          mark(
            raw,
            'shell',
            warning
              ? 'The warning to print: the tunnel is installed, but something outside IPsec will stop packets from using it.'
              : 'The message shown when the script has done its work.',
          ),
        );
      }
      return warning
        ? {
            summary: 'Prints a warning.',
            orElse: 'If not, it prints a warning saying what to fix.',
          }
        : same('Prints a short report of what the script did.');
    }
    case 'true':
      tokens.push(
        mark(
          head,
          'shell',
          'true always succeeds, so a failure just before it does not stop the script (set -e would otherwise end it here).',
        ),
      );
      return {
        summary: 'Does nothing and succeeds.',
        orElse: 'A missing entry is not an error.',
      };
    case 'if': {
      const [open, value, compare, expected, close] = rest;
      const family = value ? FORWARDING_READ.exec(value.text)?.[1] : undefined;
      if (
        open?.text !== '[' ||
        !value ||
        !family ||
        compare?.text !== '!=' ||
        expected?.text !== '1' ||
        close?.text !== ']' ||
        rest.length !== 5
      ) {
        tokens.push(...words.map((raw) => notRecognised(raw, 'in this test')));
        return same('Not recognised: ipsec-wizard cannot explain this test.');
      }
      const v = `IPv${family}`;
      tokens.push(mark(head, 'shell', 'if runs the lines up to fi only when the test holds.'));
      tokens.push(mark(open, 'shell', '[ starts a test.'));
      tokens.push(
        mark(
          value,
          'shell',
          `Reads the kernel setting that says whether this host forwards ${v} packets between its interfaces: 1 when it does, 0 when it does not.`,
        ),
      );
      tokens.push(mark(compare, 'shell', '!= is true when the two sides differ.'));
      tokens.push(
        mark(
          expected,
          'shell',
          '1 is the value meaning forwarding is on. A gateway needs it to pass packets between the tunnel and its networks.',
        ),
      );
      tokens.push(mark(close, 'shell', '] ends the test.'));
      return same(
        `Checks whether this gateway forwards ${v} packets; the warning below is printed when it does not, because the networks behind the tunnel would stay apart.`,
      );
    }
    case 'then':
      tokens.push(mark(head, 'shell', 'then starts the lines run when the test holds.'));
      tokens.push(...rest.map((raw) => notRecognised(raw, 'after then')));
      return same('');
    case 'fi':
      tokens.push(mark(head, 'shell', 'fi ends the if block.'));
      tokens.push(...rest.map((raw) => notRecognised(raw, 'after fi')));
      return same('Ends the check.');
    default:
      tokens.push(...words.map((raw) => notRecognised(raw, 'in an ip xfrm script')));
      return same(`Not recognised: ipsec-wizard cannot explain the command "${head.text}".`);
  }
}

export function explainXfrmLine(
  format: ExplainFormat,
  line: string,
  context: ExplainContext,
): LineExplanation {
  const base = { format, line };
  if (line.startsWith('#!')) {
    const tokens: ExplainedToken[] = [];
    for (const match of line.matchAll(/\S+/g)) {
      const raw = { text: match[0], start: match.index, end: match.index + match[0].length };
      tokens.push(
        tokens.length === 0
          ? mark(
              raw,
              'shebang',
              `Names the program that runs this script: ${raw.text.slice(2)}, the POSIX shell.`,
            )
          : notRecognised(raw, 'on the first line'),
      );
    }
    return {
      ...base,
      summary: 'The interpreter line: the script runs with the POSIX shell.',
      tokens,
    };
  }
  const words = splitLine(line, 'sh');
  if (words.length === 0)
    return { ...base, summary: 'An empty line; the shell skips it.', tokens: [] };
  const tokens: ExplainedToken[] = [];
  const commentAt = words.findIndex((w) => w.text.startsWith('#'));
  const comment = commentAt === -1 ? undefined : words[commentAt];
  const command = commentAt === -1 ? words : words.slice(0, commentAt);
  // Split into simple commands at || && ; and explain each; redirections are explained apart.
  const summaries: string[] = [];
  let segment: RawToken[] = [];
  let joiner: string | undefined;
  const flush = () => {
    const main = segment.filter((w) => !(w.text in REDIRECTS));
    const explained = explainSimpleCommand(format, context, main, tokens);
    for (const raw of segment.filter((w) => w.text in REDIRECTS)) {
      tokens.push(mark(raw, 'shell', REDIRECTS[raw.text] ?? ''));
    }
    tokens.sort((x, y) => x.start - y.start);
    const summary = explained && (joiner === '||' ? explained.orElse : explained.summary);
    if (summary) summaries.push(summary);
    segment = [];
  };
  let result: IpResult = { summary: 'A comment for people; the shell ignores it.' };
  for (const raw of command) {
    if (raw.text in OPERATORS) {
      flush();
      tokens.push(mark(raw, 'shell', OPERATORS[raw.text] ?? ''));
      joiner = raw.text;
    } else segment.push(raw);
  }
  flush();
  const ip = command[0]?.text === 'ip' ? command : undefined;
  if (ip) {
    const end = ip.findIndex((w) => w.text in OPERATORS || w.text in REDIRECTS);
    // Re-run only for the summary and the SA match; the tokens were explained above.
    result = explainIp(format, context, end === -1 ? ip : ip.slice(0, end), []);
    if (summaries.length > 1)
      result = { ...result, summary: [result.summary, ...summaries.slice(1)].join(' ') };
  } else if (summaries.length > 0) {
    result = { summary: summaries.join(' ') };
  }
  if (comment) {
    tokens.push(
      mark(
        comment,
        'comment',
        'A comment for people: the shell ignores everything from # to the end of the line.',
      ),
    );
  }
  return { ...base, ...result, tokens };
}
