import { ALGORITHMS, describeBits, findAlgorithm, type AlgorithmKind } from '../algorithms';
import { parseHostAddress } from '../address';
import { MAX_REQID } from '../plan';
import { MAX_SPI, MIN_SPI } from '../spi';
import { applyFixes, byPosition, makeFinding, type Finding, type Fix } from './findings';
import {
  parseSetkeyConf,
  type AddStatement,
  type KeyedAlgorithmRef,
  type ParsedSetkeyConf,
  type PolicyRule,
  type SpdaddStatement,
  type Token,
} from './parse';

/** One list of rules for the CLI `lint` and the page: same file, same findings. */

/** Bits of key material a key token holds, or an error message for a malformed key. */
export function keyBits(key: Token): number | string {
  if (key.quoted) return (key.text.length - 2) * 8;
  if (!/^0x[0-9a-f]*$/i.test(key.text))
    return `Key "${key.text}" must be 0x followed by hex digits, or a "quoted string".`;
  const digits = key.text.length - 2;
  if (digits % 2 === 1)
    return `Key has an odd number of hex digits (${digits}); setkey would pad it silently.`;
  return digits * 4;
}

/** Spellings found in old HOWTOs and other tools, mapped to the name setkey wants. */
const SPELLINGS: Readonly<Record<string, string>> = {
  aes: 'rijndael-cbc',
  aes128: 'rijndael-cbc',
  aes192: 'rijndael-cbc',
  aes256: 'rijndael-cbc',
  'aes128-cbc': 'rijndael-cbc',
  'aes192-cbc': 'rijndael-cbc',
  'aes256-cbc': 'rijndael-cbc',
  rijndael: 'rijndael-cbc',
  '3des': '3des-cbc',
  'des3-cbc': '3des-cbc',
  'des-ede3-cbc': '3des-cbc',
  des: 'des-cbc',
  blowfish: 'blowfish-cbc',
  cast128: 'cast128-cbc',
  'cast5-cbc': 'cast128-cbc',
  twofish: 'twofish-cbc',
  camellia: 'camellia-cbc',
  md5: 'hmac-md5',
  sha1: 'hmac-sha1',
  'hmac-sha-1': 'hmac-sha1',
  sha256: 'hmac-sha256',
  'hmac-sha-256': 'hmac-sha256',
  'hmac-sha2-256': 'hmac-sha256',
  sha384: 'hmac-sha384',
  'hmac-sha-384': 'hmac-sha384',
  'hmac-sha2-384': 'hmac-sha384',
  sha512: 'hmac-sha512',
  'hmac-sha-512': 'hmac-sha512',
  'hmac-sha2-512': 'hmac-sha512',
  'aes-xcbc': 'aes-xcbc-mac',
  'xcbc-aes': 'aes-xcbc-mac',
  // The kernel's crypto names, as written in ip xfrm commands.
  ...Object.fromEntries(ALGORITHMS.map((alg) => [alg.xfrmName, alg.id])),
};

const replaceToken = (tok: Token, text: string, label: string): Fix => ({
  label,
  edits: [{ from: tok.offset, to: tok.end, insert: text }],
});

function unknownAlgorithm(ref: KeyedAlgorithmRef, role: AlgorithmKind): Finding {
  const name = ref.name.text;
  const other = findAlgorithm(name, role === 'encryption' ? 'integrity' : 'encryption');
  if (other) {
    return makeFinding(
      ref.name,
      'unknown-algorithm',
      `${name} is an ${other.kind} algorithm: it cannot follow ${ref.flag.text}.`,
      {
        hint:
          role === 'encryption'
            ? 'Put a cipher after -E (rijndael-cbc, or null for integrity only) and the MAC after -A.'
            : 'Put the MAC after -A (hmac-sha512, for example) and the cipher after -E.',
      },
    );
  }
  const canonical = SPELLINGS[name.toLowerCase().replace(/_/g, '-')];
  const alg = canonical === undefined ? undefined : findAlgorithm(canonical, role);
  return makeFinding(
    ref.name,
    'unknown-algorithm',
    alg
      ? `setkey does not know "${name}"; its name for ${alg.label} is ${alg.id}.`
      : `Unknown ${role} algorithm "${name}".`,
    alg ? { fix: replaceToken(ref.name, alg.id, `rename ${name} to ${alg.id}`) } : {},
  );
}

function checkAlgorithm(add: AddStatement, role: AlgorithmKind, out: Finding[]): void {
  const ref = role === 'encryption' ? add.encryption : add.integrity;
  if (!ref) return;
  const alg = findAlgorithm(ref.name.text, role);
  if (!alg) {
    out.push(unknownAlgorithm(ref, role));
    return;
  }
  if (alg.standing === 'forbidden')
    out.push(makeFinding(ref.name, 'forbidden-algorithm', `${alg.label}: ${alg.note ?? ''}`));
  else if (alg.standing === 'weak' || alg.standing === 'legacy') {
    out.push(
      makeFinding(
        ref.name,
        'weak-algorithm',
        `${alg.label} is ${alg.standing} (RFC 8221: ${alg.rfc8221}). ${alg.note ?? ''}`.trim(),
      ),
    );
  }
  if (alg.id === 'null' && !ref.key) return;
  if (!ref.key) {
    out.push(
      makeFinding(
        ref.name,
        'missing-key',
        `${alg.id} needs a key of ${describeBits(alg.keyBits)} bits after its name.`,
      ),
    );
    return;
  }
  const bits = keyBits(ref.key);
  if (typeof bits === 'string') out.push(makeFinding(ref.key, 'key-format', bits));
  else if (!alg.keyBits.includes(bits)) {
    const wanted = alg.keyBits.includes(alg.defaultKeyBits) ? alg.defaultKeyBits : alg.keyBits[0];
    out.push(
      makeFinding(
        ref.key,
        'key-length',
        `${alg.id} takes a key of ${describeBits(alg.keyBits)} bits; this one has ${bits}.`,
        {
          hint: `Padding or cutting a key is not a fix: generate a new one (for example openssl rand -hex ${(wanted ?? 0) / 8}) and put it in both hosts’ files.`,
        },
      ),
    );
  }
}

const stripPort = (tok: Token) => tok.text.replace(/\[[^\]]*\]$/, '');

/**
 * Address parsing dominates on large files (every SA and policy names two), and the same few
 * addresses recur: remember them. Bounded, so a long session does not grow it forever.
 */
const parsedAddresses = new Map<string, ReturnType<typeof parseHostAddress>>();
function parseAddressOnce(text: string): ReturnType<typeof parseHostAddress> {
  let parsed = parsedAddresses.get(text);
  if (!parsed) {
    if (parsedAddresses.size > 10_000) parsedAddresses.clear();
    parsed = parseHostAddress(text);
    parsedAddresses.set(text, parsed);
  }
  return parsed;
}

/** The canonical host address of an SA or policy address, or undefined for a network or a name. */
export const addressOf = (tok: Token): string | undefined => {
  const [addr, prefix] = stripPort(tok).split('/');
  const parsed = parseAddressOnce(addr ?? '');
  if ('error' in parsed) return undefined;
  const full = parsed.family === 'ipv4' ? '32' : '128';
  return prefix === undefined || prefix === full ? parsed.text : undefined;
};

const familyOf = (tok: Token): string | undefined => {
  const parsed = parseAddressOnce(stripPort(tok).split('/')[0] ?? '');
  return 'family' in parsed ? parsed.family : undefined;
};

/** The SA endpoints a policy rule needs: the policy's hosts in transport mode, the gateways in tunnel mode. */
function ruleEndpoints(
  policy: SpdaddStatement,
  rule: PolicyRule,
): { src: string; dst: string } | undefined {
  if (rule.mode === 'tunnel') {
    const [gwSrc, gwDst, extra] = rule.endpoints.split('-');
    if (gwSrc === undefined || gwDst === undefined || extra !== undefined) return undefined;
    const src = parseHostAddress(gwSrc);
    const dst = parseHostAddress(gwDst);
    return 'text' in src && 'text' in dst ? { src: src.text, dst: dst.text } : undefined;
  }
  const src = addressOf(policy.src);
  const dst = addressOf(policy.dst);
  return src && dst ? { src, dst } : undefined;
}

const flowKey = (protocol: string, src: string | undefined, dst: string | undefined) =>
  `${protocol.replace(/-(udp|old)$/, '')} ${src} ${dst}`;
const saFlow = (sa: AddStatement) =>
  flowKey(sa.protocol.text, addressOf(sa.src), addressOf(sa.dst));

/** SAs by protocol and endpoints, so matching policies to SAs stays linear in the file size. */
function indexSas(adds: readonly AddStatement[]): Map<string, AddStatement[]> {
  const index = new Map<string, AddStatement[]>();
  for (const sa of adds) {
    const key = saFlow(sa);
    index.set(key, [...(index.get(key) ?? []), sa]);
  }
  return index;
}

/** An ESP SA given -A alone becomes integrity-only ESP by inserting `-E null ""` before -A. */
const espWithoutE = (add: AddStatement): Finding =>
  makeFinding(
    add.at,
    'esp-without-e',
    'An ESP SA needs -E (use -E null "" with -A for integrity only).',
    add.integrity
      ? {
          fix: {
            label: 'insert -E null "" (integrity-only ESP)',
            edits: [
              {
                from: add.integrity.flag.offset,
                to: add.integrity.flag.offset,
                insert: '-E null "" ',
              },
            ],
          },
        }
      : {},
  );

/**
 * The SA must be in the rule's mode: setkey's default `-m any` installs a transport SA on Linux,
 * which a tunnel template never uses (and the other way round).
 */
function checkSaMode(
  rule: PolicyRule,
  policy: SpdaddStatement,
  sa: AddStatement,
): Finding | undefined {
  const modeTok = sa.options.get('-m');
  const saMode = modeTok?.text === 'tunnel' ? 'tunnel' : 'transport';
  if (saMode === rule.mode) return undefined;
  const anchor = sa.encryption?.flag ?? sa.integrity?.flag;
  const edits = modeTok
    ? [{ from: modeTok.offset, to: modeTok.end, insert: rule.mode }]
    : anchor
      ? [{ from: anchor.offset, to: anchor.offset, insert: `-m ${rule.mode} ` }]
      : [];
  return makeFinding(
    sa.at,
    'sa-mode-mismatch',
    `The ${rule.mode} rule on line ${policy.at.line} uses this SA, but the SA is in ${saMode} mode${modeTok ? '' : ' (no -m means transport on Linux)'}: the kernel will not match them.`,
    edits.length > 0 ? { fix: { label: `set -m ${rule.mode} on the SA`, edits } } : {},
  );
}

/**
 * Linux binds a `unique` rule to SAs by request id, matched exactly: a bare `unique` gets an id the
 * kernel picks, which no manually added SA carries, so its traffic is dropped.
 */
function checkRequestId(rule: PolicyRule, sas: readonly AddStatement[], out: Finding[]): void {
  const level = /^unique(?::(\d+))?$/.exec(rule.level);
  if (!level) return;
  const ids = [...new Set(sas.map((a) => a.options.get('-u')?.text))];
  const wanted = level[1];
  if (wanted === undefined) {
    const only = ids.length === 1 ? ids[0] : undefined;
    const fixed = `${rule.protocol}/${rule.mode}/${rule.endpoints}/unique:${only}`;
    out.push(
      makeFinding(
        rule.token,
        'unique-without-reqid',
        'Level "unique" without a request id: Linux picks one that no manual SA carries, so this traffic is dropped.',
        only ? { fix: replaceToken(rule.token, fixed, `write unique:${only}, the SAs' -u`) } : {},
      ),
    );
    return;
  }
  if (!(Number(wanted) >= 1 && Number(wanted) <= MAX_REQID)) {
    out.push(
      makeFinding(
        rule.token,
        'reqid-range',
        `Request id ${wanted} is outside 1..${MAX_REQID}: Linux replaces it with one of its own that no SA carries.`,
      ),
    );
    return;
  }
  if (sas.length > 0 && !ids.includes(wanted)) {
    out.push(
      makeFinding(
        rule.token,
        'reqid-mismatch',
        `This rule wants request id ${wanted}, but the matching SA${sas.length === 1 ? '' : 's'} on line ${sas.map((a) => a.at.line).join(', ')} ${ids[0] === undefined && ids.length === 1 ? 'carry no -u' : `carry -u ${ids.filter((x) => x !== undefined).join(', ')}`}: the kernel will drop this traffic.`,
      ),
    );
  }
}

function checkKeyReuse(adds: readonly AddStatement[], out: Finding[]): void {
  const seenKey = new Map<string, AddStatement>();
  for (const add of adds) {
    for (const ref of [add.encryption, add.integrity]) {
      if (!ref?.key || ref.key.text.length < 10) continue;
      const id = ref.key.quoted ? ref.key.text : ref.key.text.toLowerCase();
      const earlier = seenKey.get(id);
      if (!earlier) {
        seenKey.set(id, add);
        continue;
      }
      const reversed =
        earlier.src.text === add.dst.text &&
        earlier.dst.text === add.src.text &&
        earlier.protocol.text === add.protocol.text;
      out.push(
        reversed
          ? makeFinding(
              ref.key,
              'key-both-directions',
              `The SA on line ${earlier.at.line} uses this key for the opposite direction: each direction needs its own key.`,
            )
          : makeFinding(
              ref.key,
              'key-reuse',
              `This key is already used on line ${earlier.at.line}: every SA needs its own key.`,
            ),
      );
    }
  }
}

export function lintParsed(parsed: ParsedSetkeyConf): Finding[] {
  const out: Finding[] = [...parsed.findings];
  const adds = parsed.statements.filter((s): s is AddStatement => s.kind === 'add');
  const policies = parsed.statements.filter((s): s is SpdaddStatement => s.kind === 'spdadd');
  const seenSpi = new Map<string, AddStatement>();
  const modeReported = new Set<AddStatement>();
  const saIndex = indexSas(adds);
  const usedFlows = new Set<string>();
  let family: { name: string; at: Token } | undefined;

  const noteFamily = (tok: Token) => {
    const f = familyOf(tok);
    if (!f) {
      out.push(makeFinding(tok, 'address', `"${tok.text}" is not a numeric IPv4 or IPv6 address.`));
      return;
    }
    if (!family) family = { name: f, at: tok };
    else if (family.name !== f) {
      out.push(
        makeFinding(
          tok,
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
          makeFinding(
            add.spi,
            'reserved-spi',
            `SPI ${add.spi.text} is reserved (0-255, RFC 4303); use 0x100 or more.`,
          ),
        );
      else if (add.spiValue > MAX_SPI)
        out.push(
          makeFinding(
            add.spi,
            'spi-range',
            `SPI ${add.spi.text} is wider than 32 bits; setkey would truncate it.`,
          ),
        );
      const id = `${add.dst.text} ${add.protocol.text} ${add.spiValue}`;
      const earlier = seenSpi.get(id);
      if (earlier)
        out.push(
          makeFinding(
            add.spi,
            'duplicate-spi',
            `SPI ${add.spi.text} for ${add.protocol.text} to ${add.dst.text} is already used on line ${earlier.at.line}.`,
          ),
        );
      else seenSpi.set(id, add);
    }
    const reqid = add.options.get('-u');
    if (reqid && !(Number(reqid.text) >= 1 && Number(reqid.text) <= MAX_REQID))
      out.push(
        makeFinding(
          reqid,
          'reqid-range',
          `Request id ${reqid.text} is outside 1..${MAX_REQID}: Linux replaces it with one of its own that no policy names.`,
        ),
      );
    const proto = add.protocol.text;
    if (proto.startsWith('esp') && !add.encryption) out.push(espWithoutE(add));
    if (proto.startsWith('ah')) {
      const enc = add.encryption;
      if (enc)
        out.push(
          makeFinding(enc.name, 'ah-with-e', 'AH does not encrypt: remove -E.', {
            fix: {
              label: 'remove -E and its key',
              // Takes the space before -E too, so the line stays tidy.
              edits: [
                {
                  from: Math.max(0, enc.flag.offset - 1),
                  to: (enc.key ?? enc.name).end,
                  insert: '',
                },
              ],
            },
          }),
        );
      if (!add.integrity)
        out.push(
          makeFinding(add.at, 'ah-without-a', 'An AH SA needs -A with an integrity algorithm.'),
        );
    }
    if (
      proto.startsWith('esp') &&
      add.encryption &&
      !add.integrity &&
      findAlgorithm(add.encryption.name.text)?.id === 'null'
    ) {
      out.push(
        makeFinding(
          add.at,
          'esp-null-no-auth',
          'ESP with the null cipher and no -A protects nothing.',
        ),
      );
    }
    checkAlgorithm(add, 'encryption', out);
    checkAlgorithm(add, 'integrity', out);
    if (add.integrity?.name.text === 'hmac-sha256') {
      out.push(
        makeFinding(
          add.integrity.name,
          'sha256-truncation',
          'Linux setkey gives hmac-sha256 a 96-bit ICV; a peer using ip xfrm auth-trunc ... 128 (RFC 4868) or another OS will drop these packets.',
        ),
      );
    }
  }
  checkKeyReuse(adds, out);

  for (const policy of policies) {
    noteFamily(policy.src);
    noteFamily(policy.dst);
    const protocols = policy.rules.map((r) => r.protocol);
    if (protocols.includes('ah') && protocols.includes('esp')) {
      out.push(
        makeFinding(
          policy.rules[0]?.token ?? policy.at,
          'ah-with-esp',
          'AH together with ESP is not recommended today: ESP with an integrity algorithm protects the payload alone.',
        ),
      );
    }
    for (const rule of policy.rules) {
      if (rule.level === 'use') {
        const fixed = `${rule.protocol}/${rule.mode}/${rule.endpoints}/require`;
        out.push(
          makeFinding(
            rule.token,
            'level-use',
            '"use" sends traffic in clear when no SA exists; "require" was probably meant.',
            { fix: replaceToken(rule.token, fixed, 'change the level to require') },
          ),
        );
      }
      if (rule.mode === 'tunnel' && rule.endpoints === '') {
        out.push(
          makeFinding(
            rule.token,
            'tunnel-endpoints',
            'A tunnel rule needs its endpoints: esp/tunnel/GW_A-GW_B/require.',
          ),
        );
        continue;
      }
      if (!['esp', 'ah'].includes(rule.protocol)) continue;
      const ends = ruleEndpoints(policy, rule);
      const flow = ends && flowKey(rule.protocol, ends.src, ends.dst);
      if (flow) usedFlows.add(flow);
      const sas = (flow && saIndex.get(flow)) || [];
      checkRequestId(rule, sas, out);
      // Only when no SA of the rule's mode exists: a gateway pair may carry both kinds.
      const wrongMode = sas.map((sa) => checkSaMode(rule, policy, sa));
      if (wrongMode.every((f) => f !== undefined)) {
        sas.forEach((sa, i) => {
          const finding = wrongMode[i];
          if (finding && !modeReported.has(sa)) {
            modeReported.add(sa);
            out.push(finding);
          }
        });
      }
      if (ends && sas.length === 0) {
        out.push(
          makeFinding(
            rule.token,
            'policy-without-sa',
            `No ${rule.protocol} SA from ${ends.src} to ${ends.dst} in this file: the kernel will drop this traffic.`,
          ),
        );
      }
    }
  }
  for (const add of adds) {
    const protocol = add.protocol.text.replace(/-(udp|old)$/, '');
    const used = usedFlows.has(saFlow(add));
    // An SA without numeric addresses already has its own finding; no policy could name it.
    const numeric = addressOf(add.src) !== undefined && addressOf(add.dst) !== undefined;
    if (!used && numeric && protocol !== 'ipcomp')
      out.push(
        makeFinding(
          add.at,
          'unused-sa',
          `No policy in this file uses this ${add.protocol.text} SA from ${add.src.text} to ${add.dst.text}: without one the kernel never applies it.`,
        ),
      );
  }
  return out.sort(byPosition);
}

export const lintSetkeyConf = (text: string): Finding[] => lintParsed(parseSetkeyConf(text));

/** Fix rounds before giving up; each round only takes edits that do not overlap. */
const MAX_FIX_ROUNDS = 5;

/**
 * Applies every mechanical fix the linter offers, linting again after each round so that edits
 * skipped for overlapping an earlier one are taken too. "Apply all fixes" and `lint --fix` use it.
 */
export function applyAllFixes(text: string): string {
  let fixed = text;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const next = applyFixes(fixed, lintSetkeyConf(fixed));
    if (next === fixed) break;
    fixed = next;
  }
  return fixed;
}

const addsOf = (p: ParsedSetkeyConf) =>
  p.statements.filter((s): s is AddStatement => s.kind === 'add');
const policiesOf = (p: ParsedSetkeyConf) =>
  p.statements.filter((s): s is SpdaddStatement => s.kind === 'spdadd');

const keyText = (ref: KeyedAlgorithmRef | undefined) =>
  ref?.key ? (ref.key.quoted ? ref.key.text : ref.key.text.toLowerCase()) : '';

/** How a peer's SA with the same endpoints and protocol differs from this one, or undefined. */
function saDifference(sa: AddStatement, peer: AddStatement): string | undefined {
  const name = (ref: KeyedAlgorithmRef | undefined) => ref?.name.text ?? 'none';
  if (sa.spiValue !== peer.spiValue) return `SPI ${peer.spi.text} instead of ${sa.spi.text}`;
  if (name(sa.encryption) !== name(peer.encryption))
    return `cipher ${name(peer.encryption)} instead of ${name(sa.encryption)}`;
  if (keyText(sa.encryption) !== keyText(peer.encryption)) return 'a different encryption key';
  if (name(sa.integrity) !== name(peer.integrity))
    return `integrity algorithm ${name(peer.integrity)} instead of ${name(sa.integrity)}`;
  if (keyText(sa.integrity) !== keyText(peer.integrity)) return 'a different integrity key';
  const mode = (s: AddStatement) => s.options.get('-m')?.text ?? 'any';
  if (mode(sa) !== mode(peer)) return `-m ${mode(peer)} instead of -m ${mode(sa)}`;
  if (sa.options.get('-u')?.text !== peer.options.get('-u')?.text) return 'another request id (-u)';
  return undefined;
}

/**
 * Two hosts' files must hold the same SAs and mirrored policies. Findings are placed in file `a`,
 * sorted by line, so the first one is the first line of `a` that does not mirror `b`; messages
 * name the peer's line where there is a counterpart.
 */
export function checkMirror(a: ParsedSetkeyConf, b: ParsedSetkeyConf): Finding[] {
  const out: Finding[] = [];
  const peerSas = indexSas(addsOf(b));
  for (const sa of addsOf(a)) {
    const candidates = (peerSas.get(saFlow(sa)) ?? []).filter(
      (p) => p.protocol.text === sa.protocol.text,
    );
    if (candidates.some((p) => saDifference(sa, p) === undefined)) continue;
    const nearest = candidates[0];
    const what = `${sa.protocol.text} SA ${sa.src.text} -> ${sa.dst.text}`;
    out.push(
      makeFinding(
        sa.at,
        'mirror-sa',
        nearest
          ? `The peer file has no identical SA: its line ${nearest.at.line} has this ${what} with ${saDifference(sa, nearest) ?? ''}.`
          : `The peer file has no identical SA: it has no ${what} (SPI ${sa.spi.text}).`,
      ),
    );
  }
  const flip: Record<string, string> = { in: 'out', out: 'in', fwd: 'fwd' };
  const rulesText = (s: SpdaddStatement) =>
    s.rules.map((r) => `${r.protocol}/${r.mode}/${r.endpoints}/${r.level}`).join(' ');
  const policyFlow = (q: SpdaddStatement, direction: string) =>
    `${q.src.text} ${q.dst.text} ${q.upper.text} ${direction}`;
  const peerPolicies = new Map<string, SpdaddStatement[]>();
  for (const q of policiesOf(b)) {
    const key = policyFlow(q, q.direction.text);
    peerPolicies.set(key, [...(peerPolicies.get(key) ?? []), q]);
  }
  for (const p of policiesOf(a)) {
    if (p.direction.text === 'fwd') continue;
    const wanted = flip[p.direction.text] ?? '';
    const sameFlow = peerPolicies.get(policyFlow(p, wanted)) ?? [];
    if (sameFlow.some((q) => rulesText(q) === rulesText(p) && q.action.text === p.action.text))
      continue;
    const nearest = sameFlow[0];
    out.push(
      makeFinding(
        p.at,
        'mirror-policy',
        nearest
          ? `The peer's mirrored policy on its line ${nearest.at.line} has other rules: "${rulesText(nearest)}", here "${rulesText(p)}".`
          : `The peer file has no mirrored policy: expected "spdadd ${p.src.text} ${p.dst.text} ${p.upper.text} -P ${wanted}" with the same rules.`,
      ),
    );
  }
  return out.sort(byPosition);
}
