import { findAlgorithm, type Algorithm } from './algorithms';
import { hostPrefixLength, parseHostAddress, parseSubnet, type AddressFamily } from './address';
import { deriveKeyHex, randomKeyHex, stretchPassphrase } from './keys';
import { MAX_REQID, type Plan } from './plan';
import { pairKey, reusingKeySource, type LinkSecrets } from './secrets';
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

export type IpsecMode = Plan['mode'];

export interface SecurityAssociation {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** Host addresses in transport mode; the gateway addresses (tunnel endpoints) in tunnel mode. */
  readonly src: string;
  readonly dst: string;
  readonly protocol: IpsecProtocol;
  readonly spi: number;
  readonly mode: IpsecMode;
  /** Level unique only: the request id binding this SA to its policies (`-u N`, `reqid N`). */
  readonly reqid?: number;
  readonly encryption?: KeyedAlgorithm;
  readonly integrity?: KeyedAlgorithm & { readonly icvBits: number };
}

export type PolicyLevel = Plan['level'];

export interface PolicyTemplate {
  readonly protocol: IpsecProtocol;
  readonly level: PolicyLevel;
  readonly mode: IpsecMode;
  /** Tunnel mode: the outer addresses, this direction's sending and receiving gateway. */
  readonly endpoints?: { readonly src: string; readonly dst: string };
  /** Level unique only: the request id of the SAs this template must use. */
  readonly reqid?: number;
}

export interface SecurityPolicy {
  /** Network (tunnel) or host address (transport) of the selector, canonical, without prefix. */
  readonly src: string;
  readonly dst: string;
  readonly srcPrefixLength: number;
  readonly dstPrefixLength: number;
  readonly upperProtocol: Plan['upperProtocol'];
  /**
   * `fwd` exists only in tunnel mode, for packets a gateway passes on after decapsulating them.
   * setkey on Linux adds it by itself for every `in` policy, so only the ip xfrm script writes it.
   */
  readonly direction: 'in' | 'out' | 'fwd';
  readonly peer: string;
  /** Applied inner to outer: ESP before AH gives IP | AH | ESP | payload. */
  readonly templates: readonly PolicyTemplate[];
}

export interface HostConfig {
  readonly name: string;
  readonly address: string;
  /** Tunnel mode: the canonical networks behind this gateway; empty in transport mode. */
  readonly subnets: readonly string[];
  readonly sas: readonly SecurityAssociation[];
  readonly policies: readonly SecurityPolicy[];
}

export interface Link {
  readonly plan: Plan;
  readonly family: AddressFamily;
  readonly sas: readonly SecurityAssociation[];
  readonly hosts: readonly HostConfig[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Supplies each SA's key; the default draws random keys, tests inject fixed ones. */
export type KeySource = (
  slot: SaSlot,
  role: 'enc' | 'auth',
  algorithm: Algorithm,
  bits: number,
) => Promise<string>;

export const randomKeySource: KeySource = async (_slot, _role, _alg, bits) => randomKeyHex(bits);

const HEX_OF_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * Random keys for a whole link: bytes come from crypto.getRandomValues 64 KiB at a time (one call
 * serves hundreds of SAs instead of one call per key), each byte used for one key only.
 */
export function batchedRandomKeySource(): KeySource {
  let pool = new Uint8Array(0);
  let offset = 0;
  return async (_slot, _role, _alg, bits) => {
    const length = bits / 8;
    if (offset + length > pool.length) {
      pool = globalThis.crypto.getRandomValues(new Uint8Array(65_536));
      offset = 0;
    }
    let hex = '';
    for (let i = offset; i < offset + length; i++) hex += HEX_OF_BYTE[pool[i] ?? 0];
    // Drawn bytes are wiped once they are a key, so the pool never holds a second copy.
    pool.fill(0, offset, offset + length);
    offset += length;
    return hex;
  };
}

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
  const fresh = options.keys ?? batchedRandomKeySource();
  const keys = options.reuse ? reusingKeySource(options.reuse, fresh) : fresh;
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
  const reqids = plan.level === 'unique' ? allocateReqids(slots, options.reuse) : undefined;
  // In ah+esp the article's layout applies: AH authenticates, ESP only encrypts.
  const espAuth = plan.protocols === 'esp';

  const sas: SecurityAssociation[] = [];
  for (const slot of slots) {
    const sa: Mutable<SecurityAssociation> = {
      id: slot.id,
      from: slot.from,
      to: slot.to,
      src: address.get(slot.from) ?? '',
      dst: address.get(slot.to) ?? '',
      protocol: slot.protocol,
      spi: spis.get(slot.id) ?? 0,
      mode: plan.mode,
    };
    const reqid = reqids?.get(pairKey(slot.from, slot.to));
    if (reqid !== undefined) sa.reqid = reqid;
    if (slot.protocol === 'esp') {
      sa.encryption = {
        algorithm: enc,
        keyBits: encBits,
        keyHex: await keys(slot, 'enc', enc, encBits),
      };
    }
    if (slot.protocol === 'ah' || espAuth) {
      sa.integrity = {
        algorithm: auth,
        keyBits: auth.defaultKeyBits,
        keyHex: await keys(slot, 'auth', auth, auth.defaultKeyBits),
        icvBits,
      };
    }
    sas.push(sa);
  }

  const first = parseHostAddress(plan.hosts[0]?.address ?? '');
  const family: AddressFamily = 'family' in first ? first.family : 'ipv4';
  const hostLength = hostPrefixLength(family);
  // Outer protocol last: templates are applied inner to outer.
  const protocols = planProtocols(plan).slice().reverse();
  const makeTemplates = (from: Plan['hosts'][number], to: Plan['hosts'][number]) =>
    protocols.map((protocol): PolicyTemplate => {
      const template: Mutable<PolicyTemplate> = { protocol, level: plan.level, mode: plan.mode };
      if (plan.mode === 'tunnel') template.endpoints = { src: from.address, dst: to.address };
      const reqid = reqids?.get(pairKey(from.name, to.name));
      if (reqid !== undefined) template.reqid = reqid;
      return template;
    });
  // Templates name no host unless they carry endpoints or a request id: then one list per
  // direction of a pair, shared by both hosts; otherwise one list for the whole link.
  const perPair = plan.mode === 'tunnel' || reqids !== undefined;
  const templateCache = new Map<string, readonly PolicyTemplate[]>();
  const templatesFor = (from: Plan['hosts'][number], to: Plan['hosts'][number]) => {
    const key = perPair ? `${from.name}>${to.name}` : '';
    let templates = templateCache.get(key);
    if (!templates) {
      templates = makeTemplates(from, to);
      templateCache.set(key, templates);
    }
    return templates;
  };
  const networksOf = new Map(
    plan.hosts.map((host) => [
      host.name,
      plan.mode === 'tunnel'
        ? (host.subnets ?? []).map((text) => {
            const subnet = parseSubnet(text);
            if ('error' in subnet)
              throw new Error('buildLink needs a plan validated by planSchema.');
            return { base: subnet.base, length: subnet.prefixLength };
          })
        : [{ base: host.address, length: hostLength }],
    ]),
  );

  // Each host's SAs, gathered in one pass: a large mesh has n*(n-1) SAs per protocol.
  const sasOfHost = new Map<string, SecurityAssociation[]>(plan.hosts.map((h) => [h.name, []]));
  for (const sa of sas) {
    sasOfHost.get(sa.from)?.push(sa);
    sasOfHost.get(sa.to)?.push(sa);
  }

  const upperProtocol = plan.upperProtocol;
  const hosts = plan.hosts.map((host): HostConfig => {
    const policies: SecurityPolicy[] = [];
    for (const peer of plan.hosts) {
      if (peer.name === host.name) continue;
      const outbound = templatesFor(host, peer);
      const inbound = templatesFor(peer, host);
      for (const local of networksOf.get(host.name) ?? []) {
        for (const remote of networksOf.get(peer.name) ?? []) {
          policies.push({
            src: local.base,
            dst: remote.base,
            srcPrefixLength: local.length,
            dstPrefixLength: remote.length,
            upperProtocol,
            direction: 'out',
            peer: peer.name,
            templates: outbound,
          });
          const incoming = {
            src: remote.base,
            dst: local.base,
            srcPrefixLength: remote.length,
            dstPrefixLength: local.length,
            upperProtocol,
            peer: peer.name,
            templates: inbound,
          };
          policies.push({ ...incoming, direction: 'in' });
          if (plan.mode === 'tunnel') policies.push({ ...incoming, direction: 'fwd' });
        }
      }
    }
    return {
      name: host.name,
      address: host.address,
      subnets: plan.mode === 'tunnel' ? (host.subnets ?? []) : [],
      sas: sasOfHost.get(host.name) ?? [],
      policies,
    };
  });
  return { plan, family, sas, hosts };
}

/**
 * Level unique: one request id per host pair, shared by both directions and both protocols (the
 * kernel tells those SAs apart by address and protocol). Ids of an earlier build are kept so running
 * hosts keep their files; new pairs take the smallest free id. 1..MAX_REQID, as setkey allows.
 */
function allocateReqids(slots: readonly SaSlot[], reuse?: LinkSecrets): Map<string, number> {
  const pairs = [...new Set(slots.map((slot) => pairKey(slot.from, slot.to)))];
  const reqids = new Map<string, number>();
  const used = new Set<number>();
  for (const pair of pairs) {
    const earlier = reuse?.reqids?.[pair];
    if (earlier !== undefined && earlier >= 1 && earlier <= MAX_REQID && !used.has(earlier)) {
      reqids.set(pair, earlier);
      used.add(earlier);
    }
  }
  let next = 1;
  for (const pair of pairs) {
    if (reqids.has(pair)) continue;
    while (used.has(next)) next++;
    if (next > MAX_REQID) throw new Error('More host pairs than request ids: see planSchema.');
    reqids.set(pair, next);
    used.add(next);
  }
  return reqids;
}
