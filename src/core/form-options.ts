import {
  ALGORITHMS,
  describeBits,
  findAlgorithm,
  type AlgorithmKind,
  type Standing,
} from './algorithms';
import { parseHostAddress } from './address';
import type { Link } from './model';
import {
  LEVELS,
  MODES,
  planSchema,
  PROTOCOLS,
  SPI_STRATEGIES,
  UPPER_PROTOCOLS,
  type Plan,
} from './plan';
import { OUTPUT_FORMATS } from './render/bundle';
import { keyId } from './secrets';
import { formatSpi, isValidSpi, MAX_SPI, MIN_SPI } from './spi';

/**
 * What the wizard offers and says about each choice: the words and facts behind the form, kept in
 * the core so the UI holds no IPsec knowledge of its own.
 */

export interface ChoiceOption<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly description: string;
}

export const STANDING_LABELS: Record<Standing, string> = {
  recommended: 'recommended',
  acceptable: 'acceptable',
  legacy: 'legacy',
  weak: 'weak',
  forbidden: 'refused',
};

export interface AlgorithmOption {
  readonly id: string;
  readonly label: string;
  readonly keyBits: readonly number[];
  readonly defaultKeyBits: number;
  /** "128, 192, 256 bits", "160 bits", "no key". */
  readonly keyBitsText: string;
  readonly standing: Standing;
  readonly standingLabel: string;
  /** Why it deserves a warning or is refused; absent when there is nothing to say. */
  readonly note?: string;
  /** Refused with manual keys: listed so people learn why, never selectable. */
  readonly disabled: boolean;
}

const STANDING_ORDER: Standing[] = ['recommended', 'acceptable', 'legacy', 'weak', 'forbidden'];

/** Every algorithm of a kind, best first, with what the form shows next to it. */
export function algorithmOptions(kind: AlgorithmKind): AlgorithmOption[] {
  return ALGORITHMS.filter((alg) => alg.kind === kind)
    .map((alg) => ({
      id: alg.id,
      label: alg.label,
      keyBits: alg.keyBits,
      defaultKeyBits: alg.defaultKeyBits,
      keyBitsText:
        alg.keyBits.length === 1 && alg.keyBits[0] === 0
          ? 'no key'
          : `${describeBits(alg.keyBits)} bits`,
      standing: alg.standing,
      standingLabel: STANDING_LABELS[alg.standing],
      ...(alg.note !== undefined && { note: alg.note }),
      disabled: alg.standing === 'forbidden',
    }))
    .sort((a, b) => STANDING_ORDER.indexOf(a.standing) - STANDING_ORDER.indexOf(b.standing));
}

/** Whether a chosen algorithm needs a visible warning, and its text. */
export function algorithmWarning(
  kind: AlgorithmKind,
  id: string,
): { severity: 'warning' | 'info'; message: string } | undefined {
  const alg = findAlgorithm(id, kind);
  if (!alg) return undefined;
  if (alg.standing === 'weak') {
    return { severity: 'warning', message: `${alg.label} is weak: ${alg.note ?? ''}` };
  }
  if (alg.standing === 'legacy') {
    return { severity: 'info', message: `${alg.label} is legacy: ${alg.note ?? ''}` };
  }
  return undefined;
}

export const MODE_OPTIONS: ChoiceOption<(typeof MODES)[number]>[] = [
  {
    value: 'transport',
    label: 'Transport',
    description: 'Host to host: protects traffic between the listed hosts themselves.',
  },
  {
    value: 'tunnel',
    label: 'Tunnel',
    description:
      'Site to site: two gateways carry the traffic of the networks behind them inside ESP.',
  },
];

export const PROTOCOL_OPTIONS: ChoiceOption<(typeof PROTOCOLS)[number]>[] = [
  {
    value: 'esp',
    label: 'ESP',
    description: 'Encrypts and authenticates every packet. The usual choice.',
  },
  {
    value: 'ah',
    label: 'AH',
    description: 'Authenticates packets, outer IP header included; nothing is encrypted.',
  },
  {
    value: 'ah+esp',
    label: 'AH + ESP',
    description: 'AH authenticates, ESP only encrypts: the 2006 article\u2019s layout.',
  },
];

export const LEVEL_OPTIONS: ChoiceOption<(typeof LEVELS)[number]>[] = [
  {
    value: 'require',
    label: 'require',
    description: 'Traffic to a peer must be protected; without an SA it is dropped.',
  },
  {
    value: 'use',
    label: 'use',
    description: 'Protect when an SA exists, otherwise send in clear text. Not safe for keeps.',
  },
  {
    value: 'unique',
    label: 'unique',
    description: 'Like require, but each host pair\u2019s policies use only their own SAs.',
  },
];

export const UPPER_PROTOCOL_OPTIONS: ChoiceOption<(typeof UPPER_PROTOCOLS)[number]>[] = [
  { value: 'any', label: 'any', description: 'All traffic between the hosts.' },
  { value: 'icmp', label: 'icmp', description: 'Only ICMP (IPv4): for trying things out.' },
  { value: 'icmp6', label: 'icmp6', description: 'Only ICMPv6 (IPv6): for trying things out.' },
  { value: 'tcp', label: 'tcp', description: 'Only TCP.' },
  { value: 'udp', label: 'udp', description: 'Only UDP.' },
];

export const SPI_STRATEGY_OPTIONS: ChoiceOption<(typeof SPI_STRATEGIES)[number]>[] = [
  { value: 'random', label: 'Random', description: 'Random SPIs, unique across the link.' },
  {
    value: 'article',
    label: 'The article\u2019s numbering',
    description: '0x200, 0x300, 0x201, 0x301 ... easy to read in tcpdump.',
  },
];

export const OUTPUT_FORMAT_OPTIONS: ChoiceOption<(typeof OUTPUT_FORMATS)[number]>[] = [
  {
    value: 'both',
    label: 'Both',
    description: 'setkey.conf and the ip xfrm scripts: use either on each host.',
  },
  { value: 'setkey', label: 'setkey.conf', description: 'For ipsec-tools (setkey -f).' },
  {
    value: 'xfrm',
    label: 'ip xfrm scripts',
    description: 'For iproute2 on today\u2019s Linux, no extra package.',
  },
];

/**
 * The hosts whose address family differs from the first parsable address: the schema reports a
 * mixed link on the host list as a whole; a form wants the error on the offending fields.
 */
export function addressFamilyOutliers(hosts: readonly { address: string }[]): number[] {
  const families = hosts.map((h) => {
    const parsed = parseHostAddress(h.address);
    return 'family' in parsed ? parsed.family : undefined;
  });
  const first = families.find((f) => f !== undefined);
  return families.flatMap((f, index) => (f !== undefined && f !== first ? [index] : []));
}

/** An SPI typed by hand: hex with 0x, or decimal. */
export function parseSpiText(text: string): { spi: number } | { error: string } {
  const raw = text.trim();
  let spi: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(raw)) spi = Number.parseInt(raw.slice(2), 16);
  else if (/^\d{1,10}$/.test(raw)) spi = Number(raw);
  else return { error: 'Write the SPI in hex (0x1f00) or decimal (7936).' };
  if (!isValidSpi(spi)) {
    return {
      error: `An SPI lies between ${formatSpi(MIN_SPI)} and ${formatSpi(MAX_SPI)} (0-255 are reserved).`,
    };
  }
  return { spi };
}

export interface SaKeyRow {
  readonly keyId: string;
  readonly role: 'enc' | 'auth';
  readonly algorithm: string;
  readonly bits: number;
}

export interface SaRow {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly protocol: 'esp' | 'ah';
  readonly spi: number;
  /** The keys this SA carries, with the ids under which secrets store them. */
  readonly keys: readonly SaKeyRow[];
}

/** One row per SA of the link, as the wizard's SA table lists them. */
export function saRows(link: Link): SaRow[] {
  return link.sas.map((sa) => {
    const keys: SaKeyRow[] = [];
    if (sa.encryption && sa.encryption.keyBits > 0) {
      const { algorithm, keyBits } = sa.encryption;
      keys.push({
        keyId: keyId(sa.id, 'enc', algorithm.id, keyBits),
        role: 'enc',
        algorithm: algorithm.id,
        bits: keyBits,
      });
    }
    if (sa.integrity) {
      const { algorithm, keyBits } = sa.integrity;
      keys.push({
        keyId: keyId(sa.id, 'auth', algorithm.id, keyBits),
        role: 'auth',
        algorithm: algorithm.id,
        bits: keyBits,
      });
    }
    return { id: sa.id, from: sa.from, to: sa.to, protocol: sa.protocol, spi: sa.spi, keys };
  });
}

/** A plan with every field present, as the schema's defaults make it: what a form starts from. */
export function planDefaults(): Omit<Plan, 'hosts'> {
  const parsed: Partial<Plan> = planSchema.parse({
    hosts: [
      { name: 'a', address: '192.0.2.1' },
      { name: 'b', address: '192.0.2.2' },
    ],
  });
  delete parsed.hosts;
  return parsed as Omit<Plan, 'hosts'>;
}
