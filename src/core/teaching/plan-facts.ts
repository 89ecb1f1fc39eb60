import ipaddr from 'ipaddr.js';
import type { HostConfig, Link, SecurityAssociation } from '../model';
import { planProtocols } from '../model';
import { formatSpi } from '../spi';

/** Facts about a link that several teaching texts need. */

export const hex8 = (spi: number): string => `0x${spi.toString(16).padStart(8, '0')}`;

export const spiBoth = (spi: number): string => `${formatSpi(spi)} (${spi} in decimal)`;

export const pingCommand = (link: Link, address: string): string =>
  `${link.family === 'ipv6' ? 'ping -6' : 'ping'} -c 3 ${address}`;

/** scp needs brackets around an IPv6 address. */
export const scpTarget = (address: string): string =>
  address.includes(':') ? `root@[${address}]` : `root@${address}`;

/** Kernel modules a plan needs: the protocols of its family, plus both configuration interfaces. */
export function kernelModules(link: Link): string[] {
  const suffix = link.family === 'ipv6' ? '6' : '4';
  return [...planProtocols(link.plan).map((p) => `${p}${suffix}`), 'xfrm_user', 'af_key'];
}

/** The SAs from one host to another, AH first as the renderers order them. */
export const sasBetween = (link: Link, from: string, to: string): SecurityAssociation[] =>
  link.sas.filter((sa) => sa.from === from && sa.to === to);

const BLOCK_BYTES: Record<string, number> = {
  'des-cbc': 8,
  '3des-cbc': 8,
  'blowfish-cbc': 8,
  'cast128-cbc': 8,
  null: 4,
};

/**
 * Length tcpdump prints for the ESP part of one ping: header, IV, the protected bytes (the 64-byte
 * ICMP message, plus the inner IP header in tunnel mode) with padding and trailer rounded up to the
 * cipher's block, then the ICV.
 */
export function espLength(sa: SecurityAssociation, innerHeaderBytes = 0): number {
  const id = sa.encryption?.algorithm.id ?? 'null';
  const block = BLOCK_BYTES[id] ?? 16;
  const iv = id === 'null' ? 0 : block;
  const padded = Math.ceil((innerHeaderBytes + 64 + 2) / block) * block;
  const icv = sa.integrity ? sa.integrity.icvBits / 8 : 0;
  return 8 + iv + padded + icv;
}

/** An example machine inside a subnet (the network address plus 10), for sample commands. */
export function exampleHostIn(subnet: string): string {
  const base = subnet.split('/')[0] ?? subnet;
  if (!ipaddr.isValid(base)) return base;
  const bytes = ipaddr.parse(base).toByteArray();
  bytes[bytes.length - 1] = ((bytes[bytes.length - 1] ?? 0) + 10) % 256;
  return ipaddr.fromByteArray(bytes).toString();
}

/** Where the test pings go: the hosts themselves, or machines in the networks behind gateways. */
export function pingEnds(link: Link, from: HostConfig, to: HostConfig): [string, string] {
  if (link.plan.mode !== 'tunnel') return [from.address, to.address];
  return [
    exampleHostIn(from.subnets[0] ?? from.address),
    exampleHostIn(to.subnets[0] ?? to.address),
  ];
}

export const forwardingCommand = (link: Link): string =>
  link.family === 'ipv6'
    ? 'sysctl -w net.ipv6.conf.all.forwarding=1'
    : 'sysctl -w net.ipv4.ip_forward=1';

/** One line of `tcpdump -n` on the outer interface for a ping from `from` to `to`. */
export function tcpdumpLine(link: Link, from: HostConfig, to: HostConfig, reply: boolean): string {
  const sas = sasBetween(link, from.name, to.name);
  const first = sas[0];
  if (!first) return '';
  const ip = link.family === 'ipv6' ? 'IP6' : 'IP';
  const tunnel = link.plan.mode === 'tunnel';
  const parts: string[] = [];
  const ah = sas.find((sa) => sa.protocol === 'ah');
  const esp = sas.find((sa) => sa.protocol === 'esp');
  if (ah) parts.push(`AH(spi=${hex8(ah.spi)},seq=0x1,icv=0x…): `);
  if (esp) {
    const inner = tunnel ? (link.family === 'ipv6' ? 40 : 20) : 0;
    parts.push(`ESP(spi=${hex8(esp.spi)},seq=0x1), length ${espLength(esp, inner)}`);
  } else {
    const [src, dst] = pingEnds(link, from, to);
    if (tunnel) parts.push(`${ip} ${src} > ${dst}: `);
    const icmp = link.family === 'ipv6' ? 'ICMP6, echo' : 'ICMP echo';
    parts.push(`${icmp} ${reply ? 'reply' : 'request'}, id 1, seq 1, length 64`);
  }
  const time = reply ? '12:00:00.000412' : '12:00:00.000000';
  return `${time} ${ip} ${first.src} > ${first.dst}: ${parts.join('')}`;
}

/** Every key the plan holds, with its length: what `dd ... | xxd` would have to produce. */
export function keysOf(
  link: Link,
): { sa: SecurityAssociation; role: 'enc' | 'auth'; bits: number }[] {
  return link.sas.flatMap((sa) => [
    ...(sa.encryption && sa.encryption.keyBits > 0
      ? [{ sa, role: 'enc' as const, bits: sa.encryption.keyBits }]
      : []),
    ...(sa.integrity ? [{ sa, role: 'auth' as const, bits: sa.integrity.keyBits }] : []),
  ]);
}
