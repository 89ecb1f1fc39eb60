import { ALGORITHMS, describeBits, type Algorithm } from '../algorithms';
import { parseHostAddress, parseSubnet } from '../address';
import type { HostConfig, SecurityAssociation } from '../model';
import { MAX_SPI, MIN_SPI } from '../spi';
import type { ExplainContext } from './types';

/**
 * The explanations shared by both formats: what an SPI, a key, an algorithm, a mode, a level or a
 * direction means, phrased once so setkey.conf and the ip xfrm script teach the same facts.
 */

const canonical = (address: string): string => {
  const parsed = parseHostAddress(address);
  return 'text' in parsed ? parsed.text : address.toLowerCase();
};

export function hostAt(context: ExplainContext, address: string): HostConfig | undefined {
  const wanted = canonical(address);
  return context.link?.hosts.find((h) => canonical(h.address) === wanted);
}

/** "b (192.168.2.100)" when the link knows the address, else the address alone. */
export function nameAddress(context: ExplainContext, address: string): string {
  const host = hostAt(context, address);
  return host ? `host ${host.name} (${address})` : address;
}

export function findSa(
  context: ExplainContext,
  src: string,
  dst: string,
  protocol: string,
  spi: number | undefined,
): SecurityAssociation | undefined {
  const [s, d] = [canonical(src), canonical(dst)];
  return context.link?.sas.find(
    (sa) =>
      canonical(sa.src) === s &&
      canonical(sa.dst) === d &&
      sa.protocol === protocol &&
      sa.spi === spi,
  );
}

export function parseNumber(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  return undefined;
}

export function explainSpi(
  context: ExplainContext,
  value: number,
  protocol: string | undefined,
  dst: string | undefined,
): string {
  const hex = `0x${value.toString(16)}`;
  const receiver = dst ? nameAddress(context, dst) : 'the receiving host';
  const parts = [
    `Security Parameters Index ${hex}, which is ${value} in decimal.`,
    `Every ${protocol ? protocol.toUpperCase() : 'IPsec'} packet carries this number in its header, and ${receiver} uses it, together with its own address and the protocol, to pick the one SA (and so the key) that opens the packet.`,
    'That is why it must be unique on the receiver: two SAs with the same destination, protocol and SPI could not be told apart. Each direction and each protocol therefore has its own SPI.',
  ];
  if (value < MIN_SPI) {
    parts.push(
      `Warning: values 0 to 255 are reserved (RFC 4303) and must not be used; ${hex} is one of them.`,
    );
  } else if (value > MAX_SPI) {
    parts.push(
      'Warning: an SPI has 32 bits; setkey silently cuts wider values, so this one will not be what you meant.',
    );
  } else {
    parts.push('It lies in the usable range 0x100 to 0xffffffff (0 to 255 are reserved).');
  }
  const clashes = context.link?.sas.filter((sa) => sa.spi === value).length ?? 0;
  if (clashes > 1) parts.push(`Warning: ${clashes} SAs of this plan share this SPI.`);
  return parts.join(' ');
}

const STANDING: Record<Algorithm['standing'], string> = {
  recommended: 'A sound choice today',
  acceptable: 'Acceptable today',
  legacy: 'A legacy choice: it still works but should be replaced',
  weak: 'Weak: do not rely on it',
  forbidden: 'Refused with manual keys',
};

export function explainAlgorithm(alg: Algorithm, spelledAs: string): string {
  const role =
    alg.kind === 'encryption'
      ? 'the cipher that encrypts the payload'
      : 'the integrity algorithm that adds a keyed checksum to each packet, so tampering and forgeries are detected';
  const parts = [`${alg.label}: ${role}.`];
  if (spelledAs !== alg.id)
    parts.push(`setkey calls it ${alg.id}; ip xfrm calls it ${alg.xfrmName}.`);
  parts.push(`${STANDING[alg.standing]} (RFC 8221: ${alg.rfc8221}).`);
  if (alg.note) parts.push(alg.note);
  parts.push(
    'The kernel must have this algorithm (built in or as a module), otherwise it refuses the SA.',
  );
  return parts.join(' ');
}

export function findXfrmAlgorithm(quoted: string): Algorithm | undefined {
  const name = quoted.replace(/^['"]|['"]$/g, '');
  return ALGORITHMS.find((alg) => alg.xfrmName === name);
}

/** Key length in bits as written: hex digits count 4 bits, a quoted string 8 bits per character. */
export function keyBitsOf(text: string): number | undefined {
  if (/^0x[0-9a-f]*$/i.test(text)) return (text.length - 2) * 4;
  if (/^"[^"]*"$/.test(text)) return (text.length - 2) * 8;
  return undefined;
}

export function explainKey(alg: Algorithm | undefined, text: string): string {
  const bits = keyBitsOf(text);
  if (bits === undefined) return '';
  if (bits === 0) {
    return 'No key: the null cipher does not encrypt, so there is nothing to keep secret here. The packets travel in clear text, only checked for integrity.';
  }
  const form = text.startsWith('"')
    ? `a quoted string of ${bits / 8} characters, which is ${bits} bits`
    : `${bits / 4} hex digits, which is ${bits} bits (${bits / 8} bytes)`;
  const parts = [`The secret key: ${form}.`];
  if (alg) {
    const fits = alg.keyBits.includes(bits);
    const why =
      alg.kind === 'integrity'
        ? `Linux takes exactly ${alg.keyBits.join(', ')} bits for ${alg.id}, the algorithm's natural key size (for an HMAC, the length of the hash's output); a shorter key would weaken it, and the kernel refuses other lengths.`
        : `${alg.id} accepts keys of ${describeBits(alg.keyBits)} bits; the cipher fixes the length, and a longer key of an allowed size means more work for an attacker.`;
    parts.push(why);
    if (!fits) parts.push(`Warning: ${bits} bits is not a length ${alg.id} accepts.`);
  }
  parts.push(
    'Both hosts of this SA hold the same key and nobody else may see it; every SA has its own random key.',
  );
  return parts.join(' ');
}

export function explainIcvBits(alg: Algorithm | undefined, bits: number): string {
  const parts = [
    `The integrity check value (ICV) is cut to ${bits} bits on the wire. Sender and receiver must use the same length, or every packet fails the check and is dropped.`,
  ];
  if (alg?.id === 'hmac-sha256') {
    parts.push(
      bits === 96
        ? 'For hmac-sha256 this is the 96 bits that Linux setkey uses, so a peer configured with setkey.conf interoperates (RFC 4868 would say 128).'
        : 'This is the 128 bits of RFC 4868; a peer configured with setkey on Linux uses 96 and would not interoperate.',
    );
  } else if (alg?.icvBits !== undefined) {
    parts.push(
      alg.icvBits === bits
        ? `That is the standard length for ${alg.id}.`
        : `Warning: the standard length for ${alg.id} is ${alg.icvBits} bits.`,
    );
  }
  return parts.join(' ');
}

export function explainProtocol(protocol: string): string | undefined {
  switch (protocol) {
    case 'esp':
      return 'ESP (Encapsulating Security Payload, IP protocol 50): encrypts the payload and, with an integrity algorithm, also guards it against tampering.';
    case 'ah':
      return 'AH (Authentication Header, IP protocol 51): authenticates the packet, including the unchanging parts of the IP header, but encrypts nothing.';
    case 'ipcomp':
    case 'comp':
      return 'IPComp (IP protocol 108): compresses the payload; it protects nothing.';
    case 'esp-udp':
      return 'ESP inside UDP (NAT traversal, port 4500).';
    case 'esp-old':
    case 'ah-old':
      return `The pre-RFC 2401 variant of ${protocol.slice(0, -4).toUpperCase()}; only for very old peers.`;
    default:
      return undefined;
  }
}

export function explainMode(mode: string): string | undefined {
  switch (mode) {
    case 'transport':
      return 'Transport mode: the original IP header stays and only the payload is protected. It is the mode for traffic between the two hosts themselves.';
    case 'tunnel':
      return 'Tunnel mode: the whole packet is wrapped in a new IP header between two gateways; used to join networks.';
    case 'any':
      return 'Any mode: the SA may serve either mode; Linux installs it as transport.';
    case 'beet':
      return 'BEET mode: a hybrid of transport and tunnel used by HIP.';
    default:
      return undefined;
  }
}

export function explainLevel(level: string, spelling: 'setkey' | 'xfrm'): string | undefined {
  if (level === 'require' || level === 'required') {
    return spelling === 'setkey'
      ? 'require: the packets must be protected; without a matching SA nothing is sent and unprotected arrivals are dropped.'
      : 'required: the packets must be protected; without a matching SA nothing is sent and unprotected arrivals are dropped (setkey spells it require).';
  }
  if (level === 'use') {
    return 'use: protect the packets when an SA exists, but let them pass unprotected otherwise. Handy while testing, unsafe as a final setting.';
  }
  if (/^unique(:\d+)?$/.test(level)) {
    return 'unique: like require, but the policy is bound to one SA of its own (a reqid) instead of any matching SA.';
  }
  if (level === 'default') {
    return 'default: follow the system-wide default level set in the kernel (usually use).';
  }
  return undefined;
}

export function explainUpperProtocol(text: string): string | undefined {
  const known: Record<string, string> = {
    any: 'any: the policy covers every upper-layer protocol (ICMP, TCP, UDP and the rest).',
    icmp: 'icmp: the policy covers only ICMP (IPv4 ping and errors).',
    icmp6: 'icmp6: the policy covers only ICMPv6 (IPv6 ping and neighbour discovery).',
    'ipv6-icmp': 'ipv6-icmp: the policy covers only ICMPv6 (ip xfrm spells icmp6 this way).',
    tcp: 'tcp: the policy covers only TCP connections.',
    udp: 'udp: the policy covers only UDP datagrams.',
  };
  if (known[text]) return known[text];
  if (/^\d+$/.test(text))
    return `Upper-layer protocol number ${text} (as listed in /etc/protocols).`;
  return undefined;
}

/**
 * The host a policy selector belongs to: the host itself (transport mode, a bare address or a full
 * prefix) or the gateway with that network behind it (tunnel mode).
 */
export function ownerOf(context: ExplainContext, range: string): HostConfig | undefined {
  const subnet = parseSubnet(range);
  if (!('text' in subnet)) return undefined;
  const full = subnet.family === 'ipv4' ? 32 : 128;
  if (subnet.prefixLength === full) {
    const host = hostAt(context, subnet.base);
    if (host) return host;
  }
  return context.link?.hosts.find((h) => h.subnets.includes(subnet.text));
}

/** "host a (192.168.1.100)", "network 10.1.0.0/16 behind gateway a", or the text as given. */
export function nameRange(context: ExplainContext, range: string): string {
  const owner = ownerOf(context, range);
  if (!owner) return range;
  const bare = range.replace(/\/\d+$/, '');
  return canonical(bare) === canonical(owner.address)
    ? `host ${owner.name} (${bare})`
    : `network ${range} behind gateway ${owner.name}`;
}

/**
 * What a policy direction means and why the peer holds the mirror image. `src` and `dst` are the
 * selector ranges as written (prefix included when there is one).
 */
export function explainDirection(
  context: ExplainContext,
  direction: string,
  src: string | undefined,
  dst: string | undefined,
  dialect: 'setkey' | 'xfrm',
): string | undefined {
  const from = src ? nameRange(context, src) : 'the source';
  const to = dst ? nameRange(context, dst) : 'the destination';
  if (direction === 'fwd') {
    const who =
      dialect === 'setkey'
        ? 'setkey on Linux creates one by itself for every in policy, so setkey.conf files seldom list it.'
        : 'ip xfrm does not create it by itself, so the script adds one next to every in policy of a tunnel; without it the gateway drops the decrypted packets instead of passing them on.';
    return `fwd: covers packets from ${from} to ${to} that this gateway passes on once the tunnel has been removed. ${who}`;
  }
  if (direction !== 'out' && direction !== 'in') return undefined;
  const spell = (d: 'in' | 'out') => (dialect === 'setkey' ? `-P ${d}` : `dir ${d}`);
  const local = ownerOf(context, (direction === 'out' ? src : dst) ?? '');
  const remote = ownerOf(context, (direction === 'out' ? dst : src) ?? '');
  const localName = local ? `host ${local.name}` : 'this host';
  const remoteName = remote
    ? `host ${remote.name} (${remote.address})`
    : 'the host at the other end';
  const what =
    direction === 'out'
      ? `out: covers packets from ${from} to ${to} on their way out of ${localName}.`
      : `in: covers packets from ${from} to ${to} as they arrive at ${localName}.`;
  return (
    `${what} It is mirrored on the other side: ${remoteName} needs the same addresses with ${spell(direction === 'out' ? 'in' : 'out')}, because what leaves one host is what arrives at the other. ` +
    'With in and out swapped on one side, that host sends in clear what its peer insists on receiving protected, and the link stays silent.'
  );
}

export const TEMPLATE_ORDER =
  'When a policy lists several rules they apply from the inside out: the first one wraps the payload, the next wraps that, so esp then ah gives IP | AH | ESP | payload. Both hosts must list them in the same order.';
