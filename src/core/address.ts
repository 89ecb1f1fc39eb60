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
