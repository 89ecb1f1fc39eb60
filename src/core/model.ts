import { findAlgorithm, type Algorithm } from './algorithms';
import { hostPrefixLength, parseHostAddress, type AddressFamily } from './address';
import { deriveKeyHex, randomKeyHex, stretchPassphrase } from './keys';
import type { Plan } from './plan';
import { reusingKeySource, type LinkSecrets } from './secrets';
import {
  allocateSpis,
  listSaSlots,
  type IpsecProtocol,
  type RandomWords,
  type SaSlot,
} from './spi';

/**
 * The model: every SA and policy of every host, derived once from a plan. Renderers only format it.
 */

export interface KeyedAlgorithm {
  readonly algorithm: Algorithm;
  readonly keyBits: number;
  /** Lowercase hex without 0x; empty for the null cipher. */
  readonly keyHex: string;
}

export interface SecurityAssociation {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly src: string;
  readonly dst: string;
  readonly protocol: IpsecProtocol;
  readonly spi: number;
  readonly encryption?: KeyedAlgorithm;
  readonly integrity?: KeyedAlgorithm & { readonly icvBits: number };
}

export type PolicyLevel = Plan['level'];

export interface PolicyTemplate {
  readonly protocol: IpsecProtocol;
  readonly level: PolicyLevel;
}

export interface SecurityPolicy {
  readonly src: string;
  readonly dst: string;
  readonly prefixLength: number;
  readonly upperProtocol: Plan['upperProtocol'];
  readonly direction: 'in' | 'out';
  readonly peer: string;
  /** Applied inner to outer: ESP before AH gives IP | AH | ESP | payload. */
  readonly templates: readonly PolicyTemplate[];
}

export interface HostConfig {
  readonly name: string;
  readonly address: string;
  readonly sas: readonly SecurityAssociation[];
  readonly policies: readonly SecurityPolicy[];
}

export interface Link {
  readonly plan: Plan;
  readonly family: AddressFamily;
  readonly sas: readonly SecurityAssociation[];
  readonly hosts: readonly HostConfig[];
}

/** Supplies each SA's key; the default draws random keys, tests inject fixed ones. */
export type KeySource = (
  slot: SaSlot,
  role: 'enc' | 'auth',
  algorithm: Algorithm,
  bits: number,
) => Promise<string>;

export const randomKeySource: KeySource = async (_slot, _role, _alg, bits) => randomKeyHex(bits);

export async function passphraseKeySource(
  passphrase: string,
  iterations?: number,
): Promise<KeySource> {
  const master = await stretchPassphrase(passphrase, iterations);
  return (slot, role, algorithm, bits) =>
    deriveKeyHex(master, `${slot.id} ${role} ${algorithm.id} ${bits}`, bits);
}

export const planProtocols = (plan: Plan): IpsecProtocol[] =>
  plan.protocols === 'ah+esp' ? ['ah', 'esp'] : [plan.protocols];

export interface BuildOptions {
  keys?: KeySource;
  randomWords?: RandomWords;
  fixedSpis?: ReadonlyMap<string, number>;
  /**
   * Whether any host may load setkey.conf. Linux setkey gives hmac-sha256 a 96-bit ICV, so when it
   * may, the ip xfrm scripts use 96 too and the two formats interoperate.
   */
  setkeyPeers?: boolean;
  /**
   * Secrets of an earlier build: every SA that still exists keeps its keys and (with random SPIs)
   * its SPI, so adding a host only creates SAs for the new pairs.
   */
  reuse?: LinkSecrets;
}

/** Hand-given SPIs plus reused ones of SAs that still exist; article numbering is positional. */
function fixedSpisFor(slots: readonly SaSlot[], plan: Plan, options: BuildOptions) {
  const fixed = new Map(options.fixedSpis);
  if (options.reuse && plan.spi.strategy === 'random') {
    for (const slot of slots) {
      const spi = options.reuse.spis[slot.id];
      if (spi !== undefined && !fixed.has(slot.id)) fixed.set(slot.id, spi);
    }
  }
  if (new Set(fixed.values()).size !== fixed.size) {
    throw new Error('Two SAs were given the same SPI: check the secrets with checkSecrets first.');
  }
  return fixed;
}

export async function buildLink(plan: Plan, options: BuildOptions = {}): Promise<Link> {
  const keys = options.reuse
    ? reusingKeySource(options.reuse, options.keys ?? randomKeySource)
    : (options.keys ?? randomKeySource);
  const enc = findAlgorithm(plan.encryption.algorithm, 'encryption');
  const auth = findAlgorithm(plan.integrity.algorithm, 'integrity');
  if (!enc || !auth) throw new Error('buildLink needs a plan validated by planSchema.');
  const encBits = plan.encryption.keyBits ?? enc.defaultKeyBits;
  const icvBits =
    auth.id === 'hmac-sha256' && (options.setkeyPeers ?? true) ? 96 : (auth.icvBits ?? 96);

  const address = new Map(plan.hosts.map((h) => [h.name, h.address]));
  const slots = listSaSlots(
    plan.hosts.map((h) => h.name),
    planProtocols(plan),
  );
  const spis = allocateSpis(
    slots,
    plan.spi.strategy,
    options.randomWords,
    fixedSpisFor(slots, plan, options),
  );
  // In ah+esp the article's layout applies: AH authenticates, ESP only encrypts.
  const espAuth = plan.protocols === 'esp';

  const sas: SecurityAssociation[] = [];
  for (const slot of slots) {
    const base = {
      id: slot.id,
      from: slot.from,
      to: slot.to,
      src: address.get(slot.from) ?? '',
      dst: address.get(slot.to) ?? '',
      protocol: slot.protocol,
      spi: spis.get(slot.id) ?? 0,
    };
    const encryption =
      slot.protocol === 'esp'
        ? { algorithm: enc, keyBits: encBits, keyHex: await keys(slot, 'enc', enc, encBits) }
        : undefined;
    const integrity =
      slot.protocol === 'ah' || espAuth
        ? {
            algorithm: auth,
            keyBits: auth.defaultKeyBits,
            keyHex: await keys(slot, 'auth', auth, auth.defaultKeyBits),
            icvBits,
          }
        : undefined;
    sas.push({ ...base, ...(encryption && { encryption }), ...(integrity && { integrity }) });
  }

  const first = parseHostAddress(plan.hosts[0]?.address ?? '');
  const family: AddressFamily = 'family' in first ? first.family : 'ipv4';
  const prefixLength = hostPrefixLength(family);
  const templates: PolicyTemplate[] = planProtocols(plan)
    .slice()
    .reverse()
    .map((protocol) => ({ protocol, level: plan.level }));

  const hosts = plan.hosts.map((host): HostConfig => {
    const policies: SecurityPolicy[] = [];
    for (const peer of plan.hosts) {
      if (peer.name === host.name) continue;
      const common = {
        prefixLength,
        upperProtocol: plan.upperProtocol,
        peer: peer.name,
        templates,
      };
      policies.push({ ...common, src: host.address, dst: peer.address, direction: 'out' });
      policies.push({ ...common, src: peer.address, dst: host.address, direction: 'in' });
    }
    return {
      name: host.name,
      address: host.address,
      sas: sas.filter((sa) => sa.from === host.name || sa.to === host.name),
      policies,
    };
  });
  return { plan, family, sas, hosts };
}
