import { parseHostAddress } from '../../src/core/address';

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
