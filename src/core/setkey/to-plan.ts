import { findAlgorithm } from '../algorithms';
import { bytesToHex } from '../keys';
import { planSchema, UPPER_PROTOCOLS, type PlanInput } from '../plan';
import { parseHostAddress, parseSubnet } from '../address';
import { checkSecrets, keyId, pairKey, type LinkSecrets } from '../secrets';
import { formatSpi, saSlotId, type IpsecProtocol } from '../spi';
import { byPosition, makeFinding, type Finding, type Position } from './findings';
import { addressOf, checkMirror, keyBits, lintParsed } from './lint';
import type {
  AddStatement,
  KeyedAlgorithmRef,
  ParsedSetkeyConf,
  PolicyRule,
  SpdaddStatement,
  Token,
} from './parse';

/**
 * Turns existing setkey.conf files (one host's, both hosts' of a pair, or every host's of a mesh)
 * into a plan plus the SPIs and keys already in use, so that the wizard can show the link and the
 * user can modernise it. Only what the plan can express is accepted; the rest is refused with a
 * finding that says why, placed in the file it comes from.
 */

export interface ImportFinding extends Finding {
  /** Index of the file (in the order given) the finding points into. */
  readonly file: number;
}

export type ImportResult =
  | {
      readonly ok: true;
      readonly plan: PlanInput;
      readonly secrets: LinkSecrets;
      /** Things the user should know, such as SAs the wizard will key afresh. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly findings: readonly ImportFinding[] };

interface Located<T> {
  readonly file: number;
  readonly item: T;
}

const HOST_NAMES = 'abcdefghijklmnopqrstuvwxyz';
const hostName = (index: number) => HOST_NAMES[index] ?? `h${index + 1}`;

/** Key material as lowercase hex without 0x; quoted keys are raw bytes. */
function keyHex(ref: KeyedAlgorithmRef | undefined): string {
  const key = ref?.key;
  if (!key) return '';
  if (key.quoted) return bytesToHex(new TextEncoder().encode(key.text.slice(1, -1)));
  return key.text.slice(2).toLowerCase();
}

/** The address a file's host has: where its first outbound policy leaves from, or its first SA. */
function localAddress(parsed: ParsedSetkeyConf): string | undefined {
  for (const s of parsed.statements) {
    if (s.kind !== 'spdadd' || s.direction.text !== 'out') continue;
    const rule = s.rules[0];
    return rule?.mode === 'tunnel' ? gateways(rule)?.src : addressOf(s.src);
  }
  const firstSa = parsed.statements.find((s): s is AddStatement => s.kind === 'add');
  return firstSa ? addressOf(firstSa.src) : undefined;
}

/** The gateways of a tunnel rule (`esp/tunnel/GA-GB/require`), canonical. */
function gateways(rule: PolicyRule): { src: string; dst: string } | undefined {
  const [a, b] = rule.endpoints.split('-');
  const src = parseHostAddress(a ?? '');
  const dst = parseHostAddress(b ?? '');
  return 'text' in src && 'text' in dst ? { src: src.text, dst: dst.text } : undefined;
}

/** A policy selector as a canonical subnet: `10.1.0.0/16[any]` gives 10.1.0.0/16. */
function subnetOf(tok: Token): string | undefined {
  const parsed = parseSubnet(tok.text.replace(/\[[^\]]*\]$/, ''));
  return 'text' in parsed ? parsed.text : undefined;
}

/** Everything two SAs must share to come from the same plan: algorithms and key lengths. */
function algorithmsOf(sa: AddStatement): string {
  const part = (ref: KeyedAlgorithmRef | undefined) => {
    if (!ref) return '-';
    const bits = ref.key ? keyBits(ref.key) : 0;
    return `${findAlgorithm(ref.name.text)?.id ?? ref.name.text} ${bits}`;
  };
  return `${part(sa.encryption)} / ${part(sa.integrity)}`;
}

export function importSetkeyToPlan(files: readonly ParsedSetkeyConf[]): ImportResult {
  const findings: ImportFinding[] = [];
  const refuse = (file: number, at: Position, message: string, hint?: string) =>
    findings.push({
      ...makeFinding(at, 'import-unsupported', message, hint ? { hint } : {}),
      file,
    });

  if (files.length === 0) {
    refuse(
      0,
      { line: 1, column: 1 },
      'There is no file to load.',
      'Paste or open a setkey.conf first.',
    );
    return { ok: false, findings };
  }

  // Only a file without errors (and a pair that mirrors) says clearly what the link is.
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  files.forEach((parsed, file) => {
    const own = lintParsed(parsed).filter((f) => f.severity === 'error');
    const mirror =
      files.length === 2 ? checkMirror(parsed, files[1 - file] as ParsedSetkeyConf) : [];
    const first = [...own, ...mirror].sort(byPosition)[0];
    if (!first) return;
    const parts = [
      ...(own.length > 0 ? [plural(own.length, 'error')] : []),
      ...(mirror.length > 0 ? [`${plural(mirror.length, 'difference')} from the other file`] : []),
    ];
    findings.push({
      ...makeFinding(
        first,
        'import-not-clean',
        `This file has ${parts.join(' and ')} (the first on line ${first.line}), so it cannot be loaded yet.`,
      ),
      file,
    });
  });
  if (findings.length > 0) return { ok: false, findings };

  const sas: Located<AddStatement>[] = [];
  const policies: Located<SpdaddStatement>[] = [];
  files.forEach((parsed, file) => {
    for (const s of parsed.statements) {
      if (s.kind === 'add') sas.push({ file, item: s });
      if (s.kind === 'spdadd') policies.push({ file, item: s });
    }
  });

  const usedPolicies = policies.filter(
    ({ item }) => item.action.text === 'ipsec' && item.direction.text !== 'fwd',
  );
  // One plan has one mode: tunnel as soon as any SA or rule is, and then all must be.
  const tunnel =
    sas.some(({ item }) => item.options.get('-m')?.text === 'tunnel') ||
    usedPolicies.some(({ item }) => item.rules.some((r) => r.mode === 'tunnel'));
  const mode = tunnel ? 'tunnel' : 'transport';
  for (const { file, item } of sas) {
    if (!['esp', 'ah'].includes(item.protocol.text))
      refuse(file, item.protocol, `${item.protocol.text} SAs cannot be loaded into the wizard.`);
    else if ((item.options.get('-m')?.text === 'tunnel') !== tunnel)
      refuse(
        file,
        item.at,
        `This SA is not in ${mode} mode like the rest of the link; a plan has one mode.`,
      );
  }
  for (const { file, item } of usedPolicies) {
    for (const rule of item.rules) {
      if (rule.mode !== mode)
        refuse(
          file,
          rule.token,
          `This rule is not in ${mode} mode like the rest of the link; a plan has one mode.`,
        );
    }
    if (!tunnel && (!addressOf(item.src) || !addressOf(item.dst)))
      refuse(
        file,
        item.src,
        'This transport-mode policy covers a network, not one host; the wizard links single hosts (or two gateways in tunnel mode).',
      );
  }
  if (findings.length > 0) return { ok: false, findings };

  // Host order: each file's own host first, then the peers as they appear.
  const addresses: string[] = [];
  const note = (address: string | undefined) => {
    if (address && !addresses.includes(address)) addresses.push(address);
  };
  files.forEach((parsed) => note(localAddress(parsed)));
  for (const { item } of sas) {
    note(addressOf(item.src));
    note(addressOf(item.dst));
  }
  const nameOf = new Map(addresses.map((address, i) => [address, hostName(i)]));

  // One SA per slot; the same slot in two files must be the same SA.
  const bySlot = new Map<string, Located<AddStatement>>();
  for (const located of sas) {
    const sa = located.item;
    const slot = saSlotId(
      nameOf.get(addressOf(sa.src) ?? '') ?? '',
      nameOf.get(addressOf(sa.dst) ?? '') ?? '',
      sa.protocol.text as IpsecProtocol,
    );
    const earlier = bySlot.get(slot);
    if (!earlier) bySlot.set(slot, located);
    else if (
      earlier.item.spiValue !== sa.spiValue ||
      algorithmsOf(earlier.item) !== algorithmsOf(sa) ||
      keyHex(earlier.item.encryption) !== keyHex(sa.encryption) ||
      keyHex(earlier.item.integrity) !== keyHex(sa.integrity)
    ) {
      refuse(
        located.file,
        sa.at,
        `This SA differs from the same SA in file ${earlier.file + 1}, line ${earlier.item.at.line}: the files do not describe one link.`,
      );
    }
  }

  const protocols = new Set([...bySlot.values()].map(({ item }) => item.protocol.text));
  const protocolChoice = protocols.has('ah') ? (protocols.has('esp') ? 'ah+esp' : 'ah') : 'esp';
  const esp = [...bySlot.values()].filter(({ item }) => item.protocol.text === 'esp');
  const ah = [...bySlot.values()].filter(({ item }) => item.protocol.text === 'ah');

  // Every SA of a protocol must use the same algorithms, as one plan gives them all.
  for (const group of [esp, ah]) {
    const first = group[0];
    for (const located of group) {
      if (first && algorithmsOf(located.item) !== algorithmsOf(first.item)) {
        refuse(
          located.file,
          located.item.at,
          `This SA uses ${algorithmsOf(located.item)} but line ${first.item.at.line} uses ${algorithmsOf(first.item)}: a plan gives every SA of a protocol the same algorithms and key lengths.`,
        );
      }
    }
  }
  for (const { file, item } of esp) {
    if (protocolChoice === 'esp' && !item.integrity)
      refuse(
        file,
        item.at,
        'This ESP SA has no -A: the wizard always protects ESP with an integrity algorithm.',
        'Add -A with an integrity algorithm on both hosts first, or start a new plan in the wizard.',
      );
    if (protocolChoice === 'ah+esp' && item.integrity)
      refuse(
        file,
        item.integrity.flag,
        'With AH and ESP together the wizard authenticates with AH only; this ESP SA also has -A.',
        'Drop -A from the ESP SAs, or better, drop AH and keep ESP with -A.',
      );
  }

  const levels = new Set<string>();
  const uppers = new Set<string>();
  for (const { file, item } of usedPolicies) {
    if (item.direction.text === 'fwd') continue;
    uppers.add(item.upper.text);
    for (const rule of item.rules) {
      const level = rule.level.replace(/:\d+$/, '');
      if (level === 'default')
        refuse(
          file,
          rule.token,
          'Level "default" depends on kernel settings; the wizard writes require, use or unique.',
        );
      levels.add(level);
    }
  }
  const firstPolicy = usedPolicies[0];
  if (levels.size > 1 && firstPolicy)
    refuse(
      firstPolicy.file,
      firstPolicy.item.at,
      `The policies use several levels (${[...levels].join(', ')}); a plan has one.`,
    );
  if (uppers.size > 1 && firstPolicy)
    refuse(
      firstPolicy.file,
      firstPolicy.item.at,
      `The policies cover several upper protocols (${[...uppers].join(', ')}); a plan has one.`,
    );
  const upper = [...uppers][0] ?? 'any';
  if (!(UPPER_PROTOCOLS as readonly string[]).includes(upper) && firstPolicy)
    refuse(
      firstPolicy.file,
      firstPolicy.item.upper,
      `Upper protocol "${upper}" is not one the wizard offers (${UPPER_PROTOCOLS.join(', ')}).`,
    );
  if (findings.length > 0) return { ok: false, findings };

  const spis: Record<string, number> = {};
  const keys: Record<string, string> = {};
  for (const [slot, { item }] of bySlot) {
    if (item.spiValue !== undefined) spis[slot] = item.spiValue;
    for (const [role, ref] of [
      ['enc', item.encryption],
      ['auth', item.integrity],
    ] as const) {
      const alg = ref && findAlgorithm(ref.name.text);
      const hex = keyHex(ref);
      if (alg && hex !== '') keys[keyId(slot, role, alg.id, hex.length * 4)] = hex;
    }
  }
  const level = [...levels][0] ?? 'require';
  const notes: string[] = [];
  // Level unique: Linux binds rules to SAs by request id, one per host pair in the wizard.
  const reqids = new Map<string, number>();
  if (level === 'unique') {
    const conflicting = new Set<string>();
    for (const [slot, { item }] of bySlot) {
      const id = item.options.get('-u');
      const [from = '', to = ''] = (slot.split(':')[0] ?? '').split('>');
      if (!id) continue;
      const pair = pairKey(from, to);
      const earlier = reqids.get(pair);
      if (earlier !== undefined && earlier !== Number(id.text)) conflicting.add(pair);
      else reqids.set(pair, Number(id.text));
    }
    for (const pair of conflicting) {
      reqids.delete(pair);
      notes.push(
        `The two directions of ${pair.replace('+', ' and ')} use different request ids; the wizard gives a host pair one id, so it will choose a new one.`,
      );
    }
  }
  const secrets: LinkSecrets =
    reqids.size > 0 ? { spis, keys, reqids: Object.fromEntries(reqids) } : { spis, keys };

  // Tunnel mode: each gateway's networks are the selectors on its side of the tunnel rules.
  const subnets = new Map<string, string[]>();
  if (tunnel) {
    for (const { file, item } of usedPolicies) {
      for (const rule of item.rules) {
        const ends = gateways(rule);
        if (!ends) continue;
        for (const [gateway, tok] of [
          [ends.src, item.src],
          [ends.dst, item.dst],
        ] as const) {
          const subnet = subnetOf(tok);
          if (!subnet) {
            refuse(
              file,
              tok,
              `"${tok.text}" is not a network the wizard can route through a tunnel.`,
            );
            continue;
          }
          const list = subnets.get(gateway) ?? [];
          if (!list.includes(subnet)) list.push(subnet);
          subnets.set(gateway, list);
        }
      }
    }
  }

  for (const problem of checkSecrets(secrets)) {
    const slot = problem.path.replace(/^(spis|keys|reqids)\./, '').split(' ')[0] ?? '';
    const located = bySlot.get(slot);
    refuse(
      located?.file ?? 0,
      located?.item.spi ?? { line: 1, column: 1 },
      problem.message,
      'Give each SA an SPI no other SA of the link uses, in every host’s file.',
    );
  }

  const encSa = esp[0]?.item;
  const authSa = (protocolChoice === 'esp' ? esp[0] : ah[0])?.item;
  const encAlg = encSa?.encryption && findAlgorithm(encSa.encryption.name.text);
  const authAlg = authSa?.integrity && findAlgorithm(authSa.integrity.name.text);
  const encBits = encSa?.encryption?.key ? keyBits(encSa.encryption.key) : 0;
  const plan: PlanInput = {
    version: 1,
    hosts: addresses.map((address) => ({
      name: nameOf.get(address) ?? '',
      address,
      ...(tunnel && { subnets: subnets.get(address) ?? [] }),
    })),
    mode,
    protocols: protocolChoice,
    ...(encAlg && {
      encryption: { algorithm: encAlg.id, keyBits: typeof encBits === 'number' ? encBits : 0 },
    }),
    ...(authAlg && { integrity: { algorithm: authAlg.id } }),
    level: level as PlanInput['level'],
    upperProtocol: upper as PlanInput['upperProtocol'],
    spi: { strategy: 'random' },
  };
  const checked = planSchema.safeParse(plan);
  if (!checked.success) {
    for (const issue of checked.error.issues)
      refuse(0, { line: 1, column: 1 }, `${issue.path.join('.') || 'plan'}: ${issue.message}`);
  }
  if (findings.length > 0) return { ok: false, findings };

  const perSlot = protocolChoice === 'ah+esp' ? 2 : 1;
  const expected = addresses.length * (addresses.length - 1) * perSlot;
  if (bySlot.size < expected) {
    notes.push(
      `${expected - bySlot.size} of the ${expected} SAs of this ${addresses.length}-host link are not in the files loaded; the wizard will give them new SPIs and keys. Load every host’s file to keep them all.`,
    );
  }
  const sample = [...bySlot.values()][0]?.item;
  if (sample?.spiValue !== undefined)
    notes.push(
      `Kept ${Object.keys(spis).length} SPIs (for example ${formatSpi(sample.spiValue)}) and ${Object.keys(keys).length} keys from the files.`,
    );
  return { ok: true, plan, secrets, notes };
}
