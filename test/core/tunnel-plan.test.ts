import { planSchema } from '../../src/core/plan';

const gateways = (subnetsA: string[], subnetsB: string[], extra: object = {}) => ({
  mode: 'tunnel',
  hosts: [
    { name: 'ga', address: '198.51.100.1', subnets: subnetsA },
    { name: 'gb', address: '203.0.113.1', subnets: subnetsB },
  ],
  ...extra,
});

const messages = (input: unknown): string[] => {
  const result = planSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('planSchema in tunnel mode', () => {
  it('accepts two gateways with their subnets and writes the subnets canonically', () => {
    const plan = planSchema.parse(gateways(['10.1.0.0/16', ' 10.3.0.0/24'], ['10.2.0.0/16']));
    expect(plan.mode).toBe('tunnel');
    expect(plan.hosts[0]?.subnets).toEqual(['10.1.0.0/16', '10.3.0.0/24']);
    const v6 = planSchema.parse({
      mode: 'tunnel',
      hosts: [
        { name: 'ga', address: '2001:db8:ffff::1', subnets: ['2001:DB8:1::/48'] },
        { name: 'gb', address: '2001:db8:fffe::1', subnets: ['2001:db8:2:0::/48'] },
      ],
    });
    expect(v6.hosts.map((h) => h.subnets)).toEqual([['2001:db8:1::/48'], ['2001:db8:2::/48']]);
  });

  it('keeps transport plans as they were: no subnets field appears', () => {
    const plan = planSchema.parse({
      hosts: [
        { name: 'a', address: '10.0.0.1' },
        { name: 'b', address: '10.0.0.2' },
      ],
    });
    expect(plan.mode).toBe('transport');
    expect(JSON.stringify(plan)).not.toContain('subnets');
  });

  it.each([
    [
      gateways(['10.1.0.7/16'], ['10.2.0.0/16']),
      /^hosts\.0\.subnets\.0: .*host bits.*10\.1\.0\.0\/16/,
    ],
    [
      gateways(['10.1.0.0/16', 'nonsense'], ['10.2.0.0/16']),
      /^hosts\.0\.subnets\.1: .*not a subnet/,
    ],
    [gateways(['10.1.0.0/16'], []), /^hosts\.1\.subnets: Gateway gb needs at least one subnet/],
    [
      {
        mode: 'tunnel',
        hosts: [
          { name: 'ga', address: '198.51.100.1', subnets: ['10.1.0.0/16'] },
          { name: 'gb', address: '203.0.113.1' },
        ],
      },
      /^hosts\.1\.subnets: /,
    ],
    [
      gateways(['10.1.0.0/16', '10.1.128.0/24'], ['10.2.0.0/16']),
      /^hosts\.0\.subnets\.1: 10\.1\.128\.0\/24 overlaps 10\.1\.0\.0\/16 \(hosts\.0\.subnets\.0\)/,
    ],
    [
      gateways(['10.1.0.0/16'], ['10.2.0.0/16', '10.0.0.0/8']),
      /^hosts\.1\.subnets\.1: 10\.0\.0\.0\/8 overlaps 10\.1\.0\.0\/16 \(hosts\.0\.subnets\.0\)/,
    ],
    [
      gateways(['10.1.0.0/16'], ['2001:db8::/32']),
      /^hosts\.1\.subnets\.0: 2001:db8::\/32 is IPv6 but gateway gb is not/,
    ],
    [
      gateways(['10.1.0.0/16', '203.0.113.0/24'], ['10.2.0.0/16']),
      /^hosts\.0\.subnets\.1: .*other gateway gb \(203\.0\.113\.1\)/,
    ],
    [
      gateways(['10.1.0.0/16'], ['10.2.0.0/16'], { protocols: 'ah+esp' }),
      /^protocols: AH\+ESP is refused in tunnel mode/,
    ],
    [
      {
        ...gateways(['10.1.0.0/16'], ['10.2.0.0/16']),
        hosts: [
          ...gateways(['10.1.0.0/16'], ['10.2.0.0/16']).hosts,
          { name: 'gc', address: '192.0.2.1', subnets: ['10.3.0.0/16'] },
        ],
      },
      /^hosts: Tunnel mode joins exactly two gateways .* not 3/,
    ],
  ])('refuses %j naming the field', (input, expected) => {
    expect(messages(input)[0]).toMatch(expected);
  });

  it('accepts a gateway inside its own subnet (its own traffic to the far side is tunnelled too)', () => {
    expect(
      messages({
        mode: 'tunnel',
        hosts: [
          { name: 'ga', address: '10.1.0.1', subnets: ['10.1.0.0/16'] },
          { name: 'gb', address: '10.2.0.1', subnets: ['10.2.0.0/16'] },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses subnets in transport mode rather than ignoring them', () => {
    expect(
      messages({
        hosts: [
          { name: 'a', address: '10.0.0.1', subnets: ['10.1.0.0/16'] },
          { name: 'b', address: '10.0.0.2' },
        ],
      })[0],
    ).toMatch(/^hosts\.0\.subnets: Subnets are only used in tunnel mode/);
  });

  it('bounds level unique by the request ids Linux takes from setkey', () => {
    const hosts = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `h${i}`,
        address: `10.${i >> 8}.${i & 255}.1`,
      }));
    expect(messages({ hosts: hosts(181), level: 'unique' })).toEqual([]);
    expect(messages({ hosts: hosts(182), level: 'unique' })[0]).toMatch(/^level: .*16383/);
    expect(messages({ hosts: hosts(182), level: 'require' })).toEqual([]);
  });
});
