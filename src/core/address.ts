import ipaddr from 'ipaddr.js';

export type AddressFamily = 'ipv4' | 'ipv6';

export interface HostAddress {
  /** Canonical text: dotted quad, or RFC 5952 compressed IPv6. */
  readonly text: string;
  readonly family: AddressFamily;
}

/**
 * Parses one host address. Only plain numeric addresses are accepted: setkey resolves names through
 * DNS at load time and takes no prefix or brackets in SA lines.
 */
export function parseHostAddress(input: string): HostAddress | { error: string } {
  const raw = input.trim();
  if (raw === '') return { error: 'Enter an IPv4 or IPv6 address.' };
  if (raw.includes('/')) return { error: `"${raw}" has a prefix; enter a single host address.` };
  if (raw.includes('%')) return { error: `"${raw}" has a zone index; setkey cannot use it.` };
  // ipaddr.isValid accepts shorthand like "10.1" or octal; require the four-part form for IPv4.
  if (ipaddr.IPv4.isValidFourPartDecimal(raw)) {
    return { text: ipaddr.IPv4.parse(raw).toString(), family: 'ipv4' };
  }
  if (ipaddr.IPv6.isValid(raw)) {
    const v6 = ipaddr.IPv6.parse(raw);
    return { text: v6.toRFC5952String(), family: 'ipv6' };
  }
  return { error: `"${raw}" is not an IPv4 or IPv6 address.` };
}

export const hostPrefixLength = (family: AddressFamily): number => (family === 'ipv4' ? 32 : 128);

/** A network behind a tunnel gateway, in canonical `base/prefix` form. */
export interface Subnet {
  /** Canonical text: `10.1.0.0/16`, `2001:db8:1::/48`. */
  readonly text: string;
  /** The network address alone, canonical. */
  readonly base: string;
  readonly prefixLength: number;
  readonly family: AddressFamily;
}

/**
 * Parses a subnet in CIDR form. A bare address is one host (/32 or /128). A subnet with host bits
 * set (10.1.0.7/16) is refused rather than silently widened or moved: the person may have meant a
 * different prefix, and a tunnel carrying the wrong network fails quietly.
 */
export function parseSubnet(input: string): Subnet | { error: string } {
  const raw = input.trim();
  if (raw === '') return { error: 'Enter a subnet such as 10.1.0.0/16 or 2001:db8:1::/48.' };
  const slash = raw.indexOf('/');
  const addressText = slash < 0 ? raw : raw.slice(0, slash);
  const prefixText = slash < 0 ? undefined : raw.slice(slash + 1);
  if (addressText.includes('%'))
    return { error: `"${raw}" has a zone index; use a plain network.` };
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  let family: AddressFamily;
  if (ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    parsed = ipaddr.IPv4.parse(addressText);
    family = 'ipv4';
  } else if (ipaddr.IPv6.isValid(addressText)) {
    parsed = ipaddr.IPv6.parse(addressText);
    family = 'ipv6';
  } else {
    return {
      error: `"${raw}" is not a subnet: write an IPv4 or IPv6 network such as 10.1.0.0/16.`,
    };
  }
  const maxPrefix = hostPrefixLength(family);
  let prefixLength = maxPrefix;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
      return { error: `"${raw}": the prefix length must be a number from 0 to ${maxPrefix}.` };
    }
    prefixLength = Number(prefixText);
  }
  const networkCidr = `${parsed.toString()}/${prefixLength}`;
  const network =
    family === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(networkCidr)
      : ipaddr.IPv6.networkAddressFromCIDR(networkCidr);
  const base = family === 'ipv4' ? network.toString() : (network as ipaddr.IPv6).toRFC5952String();
  const given = family === 'ipv4' ? parsed.toString() : (parsed as ipaddr.IPv6).toRFC5952String();
  if (base !== given) {
    return {
      error: `"${raw}" has host bits set: the /${prefixLength} network is ${base}/${prefixLength}.`,
    };
  }
  return { text: `${base}/${prefixLength}`, base, prefixLength, family };
}

const parseAny = (text: string): ipaddr.IPv4 | ipaddr.IPv6 => ipaddr.parse(text);

/** Whether `address` (canonical text) lies inside `subnet`. */
export function subnetContains(subnet: Subnet, address: string): boolean {
  const parsed = parseAny(address);
  if (parsed.kind() !== parseAny(subnet.base).kind()) return false;
  return parsed.match(parseAny(subnet.base), subnet.prefixLength);
}

/** Two networks of one family overlap exactly when the wider one contains the other's base. */
export function subnetsOverlap(a: Subnet, b: Subnet): boolean {
  if (a.family !== b.family) return false;
  const [wide, narrow] = a.prefixLength <= b.prefixLength ? [a, b] : [b, a];
  return subnetContains(wide, narrow.base);
}
