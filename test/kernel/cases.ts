/**
 * Turns a plan into the files one kernel case needs (every host's generated ipsec-up.sh and
 * ipsec-down.sh, a copy of one host's ipsec-up.sh with one wrong key, and case.env describing the
 * namespaces), and reads the guest's answers back.
 */
import { ALGORITHMS, usableWithManualKeys, type Algorithm } from '../../src/core/algorithms';
import { buildLink, type BuildOptions, type HostConfig, type Link } from '../../src/core/model';
import { planSchema, type PlanInput } from '../../src/core/plan';
import { renderXfrmDown, renderXfrmUp } from '../../src/core/render/xfrm';
import { formatSpi } from '../../src/core/spi';
import { TOOL_VERSION } from '../../src/core/version';
import type { GuestResult } from './harness';

const META = { toolVersion: TOOL_VERSION, date: '2026-11-28' };

export interface KernelCase {
  readonly name: string;
  readonly plan: PlanInput;
  readonly build?: () => Promise<BuildOptions>;
  /**
   * Build the link again, as the second administrator would on their own machine, and give every
   * host but the first its files from that second build (passphrase-derived keys must agree).
   */
  readonly independentBuilds?: boolean;
}

export interface PreparedCase {
  readonly link: Link;
  readonly files: Record<string, string>;
  /** The SA whose key is wrong on the receiving host in the wrong-key phase. */
  readonly wrongSa: string;
}

const mac = (index: number) => `02:00:00:00:00:${(index + 1).toString(16).padStart(2, '0')}`;

function caseEnv(link: Link): string {
  const names = link.hosts.map((h) => h.name);
  const assoc = (values: string[]) =>
    `(${names.map((name, i) => `[${name}]=${values[i] ?? ''}`).join(' ')})`;
  return [
    `HOSTS=(${names.join(' ')})`,
    `declare -A ADDR=${assoc(link.hosts.map((h) => h.address))}`,
    `declare -A MAC=${assoc(link.hosts.map((_, i) => mac(i)))}`,
    `FAMILY=${link.family}`,
    `TOPOLOGY=${link.hosts.length === 2 ? 'pair' : 'bridge'}`,
    '',
  ].join('\n');
}

const flipLastDigit = (hex: string) =>
  hex.slice(0, -1) + (parseInt(hex.slice(-1), 16) ^ 1).toString(16);

/**
 * The receiving host's copy with one wrong key: the integrity key of the outermost SA from the
 * first host to the second (AH when present, otherwise ESP), so the receiver must reject it.
 */
function withWrongKey(link: Link, receiver: HostConfig): { host: HostConfig; saId: string } {
  const sender = link.hosts[0]!;
  const outer = link.sas.find(
    (sa) => sa.from === sender.name && sa.to === receiver.name && sa.protocol === 'ah',
  );
  const target =
    outer ?? link.sas.find((sa) => sa.from === sender.name && sa.to === receiver.name)!;
  const host: HostConfig = {
    ...receiver,
    sas: receiver.sas.map((sa) => {
      if (sa.id !== target.id) return sa;
      if (sa.integrity) {
        return {
          ...sa,
          integrity: { ...sa.integrity, keyHex: flipLastDigit(sa.integrity.keyHex) },
        };
      }
      return {
        ...sa,
        encryption: { ...sa.encryption!, keyHex: flipLastDigit(sa.encryption!.keyHex) },
      };
    }),
  };
  return { host, saId: target.id };
}

export async function prepareCase(kernelCase: KernelCase): Promise<PreparedCase> {
  const plan = planSchema.parse(kernelCase.plan);
  const options = async () => (kernelCase.build ? await kernelCase.build() : {});
  const link = await buildLink(plan, await options());
  const second = kernelCase.independentBuilds ? await buildLink(plan, await options()) : link;
  const files: Record<string, string> = { 'case.env': caseEnv(link) };
  link.hosts.forEach((first, index) => {
    const source = index === 0 ? link : second;
    const host = source.hosts[index] ?? first;
    files[`hosts/${host.name}/ipsec-up.sh`] = renderXfrmUp(source, host, META);
    files[`hosts/${host.name}/ipsec-down.sh`] = renderXfrmDown(source, host, META);
  });
  const wrong = withWrongKey(second, second.hosts[1]!);
  files[`wrong/${wrong.host.name}/ipsec-up.sh`] = renderXfrmUp(second, wrong.host, META);
  return { link, files, wrongSa: wrong.saId };
}

/**
 * Many links at once over one pair (the key-length sweep): variant i gets the addresses
 * 10.2.i.1 (host a) and 10.2.i.2 (host b) on the same wire, so all of them are applied in one go.
 */
export async function prepareSweep(
  variants: readonly KernelCase[],
): Promise<{ files: Record<string, string>; links: Map<string, Link> }> {
  const links = new Map<string, Link>();
  const base = [
    { name: 'a', address: '10.1.0.1' },
    { name: 'b', address: '10.1.0.2' },
  ];
  const baseLink = await buildLink(planSchema.parse({ hosts: base }));
  const files: Record<string, string> = { 'case.env': caseEnv(baseLink) };
  const batch: Record<'a' | 'b', string[]> = { a: [], b: [] };
  const list: string[] = [];
  const spis = new Set<number>();
  for (const [index, variant] of variants.entries()) {
    const hosts = [
      { name: 'a', address: `10.2.${index}.1` },
      { name: 'b', address: `10.2.${index}.2` },
    ];
    const link = await buildLink(planSchema.parse({ ...variant.plan, hosts }));
    for (const sa of link.sas) {
      // Counters are read back by SPI, so SPIs must differ across variants too.
      if (spis.has(sa.spi)) throw new Error(`SPI ${formatSpi(sa.spi)} drawn twice; run again.`);
      spis.add(sa.spi);
    }
    links.set(variant.name, link);
    list.push(`${variant.name} ${hosts[0]!.address} ${hosts[1]!.address}`);
    for (const [self, peer, peerMac] of [
      ['a', 'b', mac(1)],
      ['b', 'a', mac(0)],
    ] as const) {
      const own = self === 'a' ? hosts[0]!.address : hosts[1]!.address;
      const other = peer === 'a' ? hosts[0]!.address : hosts[1]!.address;
      batch[self].push(
        `address add ${own}/32 dev wire`,
        `route add ${other}/32 dev wire`,
        `neigh replace ${other} lladdr ${peerMac} dev wire nud permanent`,
      );
    }
    for (const host of link.hosts) {
      files[`variants/${variant.name}/${host.name}/ipsec-up.sh`] = renderXfrmUp(link, host, META);
    }
  }
  files['variants.txt'] = `${list.join('\n')}\n`;
  files['a.batch'] = `${batch.a.join('\n')}\n`;
  files['b.batch'] = `${batch.b.join('\n')}\n`;
  return { files, links };
}

export const MANUAL_ALGORITHMS: readonly Algorithm[] = ALGORITHMS.filter(usableWithManualKeys);

/** One line per algorithm for probe.sh: id, protocol, kernel name, bits, a random key. */
export function probeList(): string {
  const lines = MANUAL_ALGORITHMS.map((alg) => {
    const bits = alg.defaultKeyBits;
    const key = Array.from(crypto.getRandomValues(new Uint8Array(bits / 8)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    return `${alg.id} ${alg.kind === 'integrity' ? 'ah' : 'esp'} ${alg.xfrmName} ${bits} ${key}`;
  });
  return `${lines.join('\n')}\n`;
}

/** Counters of /proc/net/xfrm_stat, by name. */
export function xfrmStat(result: GuestResult, key: string): Map<string, number> {
  const text = result.blocks.get(key);
  if (text === undefined) throw new Error(`The guest printed no ${key}.`);
  return new Map([...text.matchAll(/^(\w+)\s+(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** How much each counter grew between two snapshots; only those that moved. */
export function counterGrowth(before: Map<string, number>, after: Map<string, number>) {
  const moved: Record<string, number> = {};
  for (const [name, value] of after) {
    const grew = value - (before.get(name) ?? 0);
    if (grew !== 0) moved[name] = grew;
  }
  return moved;
}

/** Packets counted by each SA of `ip -s xfrm state`, by SPI. */
export function saPackets(result: GuestResult, key: string): Map<number, number> {
  const text = result.blocks.get(key);
  if (text === undefined) throw new Error(`The guest printed no ${key}.`);
  const packets = new Map<number, number>();
  for (const entry of text.split(/^src /m).slice(1)) {
    const spi = /\bspi 0x([0-9a-f]+)/.exec(entry);
    const current = /lifetime current:\s*\n\s*(\d+)\(bytes\), (\d+)\(packets\)/.exec(entry);
    if (spi && current) packets.set(parseInt(spi[1]!, 16), Number(current[2]));
  }
  return packets;
}

export interface WireCapture {
  /** Packets between two of the link's hosts. */
  readonly packets: number;
  /** Of those, the ones whose first header after IP is neither AH nor ESP. */
  readonly unprotected: string[];
  readonly spis: Set<number>;
  /** Packets not between two hosts of the link (e.g. IPv6 multicast listener reports). */
  readonly other: string[];
}

/**
 * Reads tcpdump's `-nn -t` lines, e.g. `IP a > b: AH(spi=0x00000200,...): ESP(spi=...), length 68`.
 * Given a link, only host-to-host packets are judged (the policies cover exactly those); without
 * one, every IP packet is.
 */
export function readCapture(result: GuestResult, link?: Link): WireCapture {
  const addresses = link && new Set(link.hosts.map((h) => h.address));
  const text = result.blocks.get('capture') ?? '';
  const unprotected: string[] = [];
  const other: string[] = [];
  const spis = new Set<number>();
  let packets = 0;
  for (const line of text.split('\n')) {
    const m = /^IP6? (\S+) > (\S+): (.*)$/.exec(line);
    if (!m) continue;
    if (addresses && (!addresses.has(m[1]!) || !addresses.has(m[2]!))) {
      other.push(line);
      continue;
    }
    packets++;
    if (!/^(AH|ESP)\(/.test(m[3]!)) unprotected.push(line);
    for (const s of line.matchAll(/\b(?:AH|ESP)\(spi=0x([0-9a-f]+)/g))
      spis.add(parseInt(s[1]!, 16));
  }
  return { packets, unprotected, spis, other };
}

export const spiList = (spis: Iterable<number>) => [...spis].map(formatSpi).sort().join(' ');
