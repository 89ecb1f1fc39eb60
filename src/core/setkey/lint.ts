import { describeBits, findAlgorithm } from '../algorithms';
import { parseHostAddress } from '../address';
import { MAX_SPI, MIN_SPI } from '../spi';
import {
  parseSetkeyConf,
  type AddStatement,
  type Finding,
  type ParsedSetkeyConf,
  type Position,
  type SpdaddStatement,
  type Token,
} from './parse';

/** One list of rules for the CLI `lint` and the page: same file, same findings. */

const finding = (
  at: Position,
  severity: Finding['severity'],
  code: string,
  message: string,
): Finding => ({
  line: at.line,
  column: at.column,
  severity,
  code,
  message,
});

/** Bits of key material a key token holds, or an error message for a malformed key. */
function keyBits(key: Token): number | string {
  if (key.quoted) return (key.text.length - 2) * 8;
  if (!/^0x[0-9a-f]*$/i.test(key.text))
    return `Key "${key.text}" must be 0x followed by hex digits, or a "quoted string".`;
  const digits = key.text.length - 2;
  if (digits % 2 === 1)
    return `Key has an odd number of hex digits (${digits}); setkey would pad it silently.`;
  return digits * 4;
}

function checkAlgorithm(add: AddStatement, role: 'encryption' | 'integrity', out: Finding[]): void {
  const ref = role === 'encryption' ? add.encryption : add.integrity;
  if (!ref) return;
  const alg = findAlgorithm(ref.name.text, role);
  if (!alg) {
    out.push(
      finding(
        ref.name,
        'error',
        'unknown-algorithm',
        `Unknown ${role} algorithm "${ref.name.text}".`,
      ),
    );
    return;
  }
  if (alg.standing === 'forbidden')
    out.push(finding(ref.name, 'error', 'forbidden-algorithm', `${alg.label}: ${alg.note ?? ''}`));
  else if (alg.standing === 'weak' || alg.standing === 'legacy') {
    out.push(
      finding(
        ref.name,
        'warning',
        'weak-algorithm',
        `${alg.label} is ${alg.standing} (RFC 8221: ${alg.rfc8221}). ${alg.note ?? ''}`.trim(),
      ),
    );
  }
  if (alg.id === 'null' && !ref.key) return;
  if (!ref.key) {
    out.push(
      finding(
        ref.name,
        'error',
        'missing-key',
        `${alg.id} needs a key of ${alg.keyBits.join('/')} bits.`,
      ),
    );
    return;
  }
  const bits = keyBits(ref.key);
  if (typeof bits === 'string') out.push(finding(ref.key, 'error', 'key-format', bits));
  else if (!alg.keyBits.includes(bits)) {
    out.push(
      finding(
        ref.key,
        'error',
        'key-length',
        `${alg.id} takes a key of ${describeBits(alg.keyBits)} bits; this one has ${bits}.`,
      ),
    );
  }
}

const addressOf = (tok: Token): string | undefined => {
  const host = tok.text.replace(/\[[^\]]*\]$/, '');
  const [addr, prefix] = host.split('/');
  const parsed = parseHostAddress(addr ?? '');
  if ('error' in parsed) return undefined;
  const full = parsed.family === 'ipv4' ? '32' : '128';
  return prefix === undefined || prefix === full ? parsed.text : undefined;
};

const familyOf = (tok: Token): string | undefined => {
  const parsed = parseHostAddress(tok.text.replace(/\[[^\]]*\]$/, '').split('/')[0] ?? '');
  return 'family' in parsed ? parsed.family : undefined;
};

export function lintParsed(parsed: ParsedSetkeyConf): Finding[] {
  const out: Finding[] = [...parsed.findings];
  const adds = parsed.statements.filter((s): s is AddStatement => s.kind === 'add');
  const policies = parsed.statements.filter((s): s is SpdaddStatement => s.kind === 'spdadd');
  const seenSpi = new Map<string, AddStatement>();
  const seenKey = new Map<string, AddStatement>();
  let family: { name: string; at: Token } | undefined;

  const noteFamily = (tok: Token) => {
    const f = familyOf(tok);
    if (!f) {
      out.push(
        finding(tok, 'error', 'address', `"${tok.text}" is not a numeric IPv4 or IPv6 address.`),
      );
      return;
    }
    if (!family) family = { name: f, at: tok };
    else if (family.name !== f) {
      out.push(
        finding(
          tok,
          'error',
          'mixed-families',
          `${tok.text} is ${f} but line ${family.at.line} uses ${family.name}: one file cannot mix them in an SA or policy pair.`,
        ),
      );
    }
  };

  for (const add of adds) {
    noteFamily(add.src);
    noteFamily(add.dst);
    if (add.spiValue !== undefined) {
      if (add.spiValue < MIN_SPI)
        out.push(
          finding(
            add.spi,
            'error',
            'reserved-spi',
            `SPI ${add.spi.text} is reserved (0-255, RFC 4303); use 0x100 or more.`,
          ),
        );
      else if (add.spiValue > MAX_SPI)
        out.push(
          finding(
            add.spi,
            'error',
            'spi-range',
            `SPI ${add.spi.text} is wider than 32 bits; setkey would truncate it.`,
          ),
        );
      const id = `${add.dst.text} ${add.protocol.text} ${add.spiValue}`;
      const earlier = seenSpi.get(id);
      if (earlier)
        out.push(
          finding(
            add.spi,
            'error',
            'duplicate-spi',
            `SPI ${add.spi.text} for ${add.protocol.text} to ${add.dst.text} is already used on line ${earlier.at.line}.`,
          ),
        );
      else seenSpi.set(id, add);
    }
    const proto = add.protocol.text;
    if (proto.startsWith('esp') && !add.encryption) {
      out.push(
        finding(
          add.at,
          'error',
          'esp-without-e',
          'An ESP SA needs -E (use -E null with -A for integrity only).',
        ),
      );
    }
    if (proto.startsWith('ah')) {
      if (add.encryption)
        out.push(
          finding(add.encryption.name, 'error', 'ah-with-e', 'AH does not encrypt: remove -E.'),
        );
      if (!add.integrity)
        out.push(
          finding(
            add.at,
            'error',
            'ah-without-a',
            'An AH SA needs -A with an integrity algorithm.',
          ),
        );
    }
    if (
      proto.startsWith('esp') &&
      add.encryption &&
      !add.integrity &&
      findAlgorithm(add.encryption.name.text)?.id === 'null'
    ) {
      out.push(
        finding(
          add.at,
          'error',
          'esp-null-no-auth',
          'ESP with the null cipher and no -A protects nothing.',
        ),
      );
    }
    checkAlgorithm(add, 'encryption', out);
    checkAlgorithm(add, 'integrity', out);
    if (add.integrity?.name.text === 'hmac-sha256') {
      out.push(
        finding(
          add.integrity.name,
          'warning',
          'sha256-truncation',
          'Linux setkey gives hmac-sha256 a 96-bit ICV; a peer using ip xfrm auth-trunc ... 128 (RFC 4868) or another OS will drop these packets. Use 96 on such peers, or hmac-sha512.',
        ),
      );
    }
    for (const ref of [add.encryption, add.integrity]) {
      if (!ref?.key || ref.key.text.length < 10) continue;
      const earlier = seenKey.get(ref.key.text.toLowerCase());
      if (earlier)
        out.push(
          finding(
            ref.key,
            'warning',
            'key-reuse',
            `This key is already used on line ${earlier.at.line}: every SA and direction needs its own key.`,
          ),
        );
      else seenKey.set(ref.key.text.toLowerCase(), add);
    }
  }

  for (const policy of policies) {
    noteFamily(policy.src);
    noteFamily(policy.dst);
    const protocols = policy.rules.map((r) => r.protocol);
    if (protocols.includes('ah') && protocols.includes('esp')) {
      out.push(
        finding(
          policy.rules[0]?.token ?? policy.at,
          'warning',
          'ah-with-esp',
          'AH together with ESP is not recommended today: ESP with an integrity algorithm protects the payload alone.',
        ),
      );
    }
    for (const rule of policy.rules) {
      if (rule.level === 'use')
        out.push(
          finding(
            rule.token,
            'warning',
            'level-use',
            '"use" sends traffic in clear when no SA exists; "require" was probably meant.',
          ),
        );
      if (rule.mode === 'tunnel' && rule.endpoints === '') {
        out.push(
          finding(
            rule.token,
            'error',
            'tunnel-endpoints',
            'A tunnel rule needs its endpoints: esp/tunnel/GW_A-GW_B/require.',
          ),
        );
      }
      if (rule.mode !== 'transport') continue;
      const src = addressOf(policy.src);
      const dst = addressOf(policy.dst);
      if (!src || !dst) continue;
      const match = adds.some(
        (a) =>
          a.protocol.text === rule.protocol &&
          parseHostAddress(a.src.text) &&
          addressOf(a.src) === src &&
          addressOf(a.dst) === dst,
      );
      if (!match) {
        out.push(
          finding(
            rule.token,
            'error',
            'policy-without-sa',
            `No ${rule.protocol} SA from ${src} to ${dst} in this file: the kernel will drop this traffic.`,
          ),
        );
      }
    }
  }
  for (const add of adds) {
    const used = policies.some(
      (p) =>
        p.rules.some((r) => r.protocol === add.protocol.text) &&
        addressOf(p.src) === addressOf(add.src) &&
        addressOf(p.dst) === addressOf(add.dst),
    );
    if (policies.length > 0 && !used)
      out.push(
        finding(
          add.at,
          'warning',
          'unused-sa',
          `No policy in this file uses this ${add.protocol.text} SA from ${add.src.text} to ${add.dst.text}.`,
        ),
      );
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

export const lintSetkeyConf = (text: string): Finding[] => lintParsed(parseSetkeyConf(text));

/** Two hosts' files must hold the same SAs and mirrored policies; reports the first differences. */
export function checkMirror(a: ParsedSetkeyConf, b: ParsedSetkeyConf): Finding[] {
  const out: Finding[] = [];
  const saKey = (s: AddStatement) =>
    [
      s.src.text,
      s.dst.text,
      s.protocol.text,
      s.spiValue,
      s.encryption?.name.text,
      s.encryption?.key?.text.toLowerCase(),
      s.integrity?.name.text,
      s.integrity?.key?.text.toLowerCase(),
    ].join(' ');
  const adds = (p: ParsedSetkeyConf) =>
    p.statements.filter((s): s is AddStatement => s.kind === 'add');
  const peerSas = new Set(adds(b).map(saKey));
  for (const sa of adds(a)) {
    if (!peerSas.has(saKey(sa)))
      out.push(
        finding(
          sa.at,
          'error',
          'mirror-sa',
          `The peer file has no identical SA (${sa.src.text} -> ${sa.dst.text} ${sa.protocol.text} ${sa.spi.text}, same algorithms and keys).`,
        ),
      );
  }
  const pol = (p: ParsedSetkeyConf) =>
    p.statements.filter((s): s is SpdaddStatement => s.kind === 'spdadd');
  const flip: Record<string, string> = { in: 'out', out: 'in', fwd: 'fwd' };
  const polKey = (s: SpdaddStatement, dir: string) =>
    [
      s.src.text,
      s.dst.text,
      s.upper.text,
      dir,
      s.rules.map((r) => `${r.protocol}/${r.mode}`).join(' '),
    ].join(' ');
  const peerPolicies = new Set(pol(b).map((s) => polKey(s, s.direction.text)));
  for (const p of pol(a)) {
    if (p.direction.text === 'fwd') continue;
    if (!peerPolicies.has(polKey(p, flip[p.direction.text] ?? ''))) {
      out.push(
        finding(
          p.at,
          'error',
          'mirror-policy',
          `The peer file has no mirrored policy: expected "spdadd ${p.src.text} ${p.dst.text} ${p.upper.text} -P ${flip[p.direction.text]}" with the same rules.`,
        ),
      );
    }
  }
  return out;
}
