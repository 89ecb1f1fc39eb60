import {
  parseHostAddress,
  parseSubnet,
  subnetContains,
  subnetsOverlap,
} from '../../src/core/address';

describe('parseHostAddress', () => {
  it('accepts and canonicalises IPv4 and IPv6', () => {
    expect(parseHostAddress(' 192.168.1.100 ')).toEqual({ text: '192.168.1.100', family: 'ipv4' });
    expect(parseHostAddress('2001:DB8:0:0:0:0:0:1')).toEqual({
      text: '2001:db8::1',
      family: 'ipv6',
    });
  });

  it.each(['', '10.1', '192.168.1.300', 'host.example', '10.0.0.0/24', 'fe80::1%eth0'])(
    'refuses %j with a message',
    (input) => {
      const result = parseHostAddress(input);
      expect('error' in result && result.error.length > 0).toBe(true);
    },
  );
});

describe('parseSubnet', () => {
  it('canonicalises CIDR text and reads a bare address as one host', () => {
    expect(parseSubnet(' 10.1.0.0/16 ')).toEqual({
      text: '10.1.0.0/16',
      base: '10.1.0.0',
      prefixLength: 16,
      family: 'ipv4',
    });
    expect(parseSubnet('2001:DB8:0001:0::/64')).toMatchObject({ text: '2001:db8:1::/64' });
    expect(parseSubnet('10.9.8.7')).toMatchObject({ text: '10.9.8.7/32' });
    expect(parseSubnet('0.0.0.0/0')).toMatchObject({ text: '0.0.0.0/0' });
  });

  it('refuses host bits and names the network that was probably meant', () => {
    expect(parseSubnet('10.1.0.7/16')).toEqual({
      error: '"10.1.0.7/16" has host bits set: the /16 network is 10.1.0.0/16.',
    });
    expect(parseSubnet('2001:db8::1/64')).toMatchObject({
      error: expect.stringContaining('2001:db8::/64') as unknown,
    });
  });

  it.each([
    '',
    '10.1/16',
    '10.1.0.0/33',
    '10.1.0.0/',
    '10.1.0.0/-1',
    '2001:db8::/129',
    'lan/24',
    'fe80::%eth0/64',
  ])('refuses %j with a message', (input) => {
    const result = parseSubnet(input);
    expect('error' in result && result.error.length > 0).toBe(true);
  });

  it('tells overlapping networks and contained addresses apart', () => {
    const net = (text: string) => {
      const s = parseSubnet(text);
      if ('error' in s) throw new Error(s.error);
      return s;
    };
    expect(subnetsOverlap(net('10.1.0.0/16'), net('10.1.200.0/24'))).toBe(true);
    expect(subnetsOverlap(net('10.1.200.0/24'), net('10.1.0.0/16'))).toBe(true);
    expect(subnetsOverlap(net('10.1.0.0/16'), net('10.2.0.0/16'))).toBe(false);
    expect(subnetsOverlap(net('10.0.0.0/8'), net('2001:db8::/32'))).toBe(false);
    expect(subnetContains(net('192.0.2.0/24'), '192.0.2.77')).toBe(true);
    expect(subnetContains(net('192.0.2.0/24'), '192.0.3.1')).toBe(false);
    expect(subnetContains(net('2001:db8::/32'), '192.0.2.1')).toBe(false);
  });
});
