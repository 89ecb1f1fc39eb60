import { planSchema } from '../../src/core/plan';

const twoHosts = [
  { name: 'a', address: '192.168.1.100' },
  { name: 'b', address: '192.168.2.100' },
];

const messages = (input: unknown): string[] => {
  const result = planSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('planSchema', () => {
  it('fills RFC 8221 defaults', () => {
    const plan = planSchema.parse({ hosts: twoHosts });
    expect(plan).toMatchObject({
      mode: 'transport',
      protocols: 'esp',
      encryption: { algorithm: 'rijndael-cbc', keyBits: 256 },
      integrity: { algorithm: 'hmac-sha512' },
      level: 'require',
      upperProtocol: 'any',
      spi: { strategy: 'random' },
    });
  });

  it('writes addresses canonically', () => {
    const plan = planSchema.parse({
      hosts: [
        { name: 'a', address: '2001:DB8::0:1' },
        { name: 'b', address: '2001:db8:0::2' },
      ],
    });
    expect(plan.hosts.map((h) => h.address)).toEqual(['2001:db8::1', '2001:db8::2']);
  });

  it('names the field of each mistake', () => {
    expect(messages({ hosts: [twoHosts[0]] })).toEqual(['hosts: A link needs at least two hosts.']);
    expect(messages({ hosts: [twoHosts[0], { name: 'b', address: '2001:db8::2' }] })[0]).toMatch(
      /^hosts: .*cannot be mixed/,
    );
    expect(messages({ hosts: [twoHosts[0], { name: 'a', address: '10.0.0.1' }] })[0]).toMatch(
      /^hosts\.1\.name: .*repeats/,
    );
    expect(messages({ hosts: [twoHosts[0], { name: 'b', address: '10.0.0.300' }] })[0]).toMatch(
      /^hosts\.1\.address: /,
    );
    expect(messages({ hosts: twoHosts, encryption: { algorithm: 'rot13' } })[0]).toMatch(
      /^encryption\.algorithm: Unknown/,
    );
    expect(messages({ hosts: twoHosts, encryption: { algorithm: 'aes-gcm' } })[0]).toMatch(
      /manual keys/,
    );
    expect(
      messages({ hosts: twoHosts, encryption: { algorithm: 'rijndael-cbc', keyBits: 100 } })[0],
    ).toMatch(/^encryption\.keyBits: .*128, 192, 256/);
    expect(
      messages({ hosts: twoHosts, protocols: 'ah+esp', encryption: { algorithm: 'null' } })[0],
    ).toMatch(/^encryption\.algorithm: .*null cipher/);
    expect(messages({ hosts: twoHosts, integrity: { algorithm: 'crc32' } })[0]).toMatch(
      /^integrity\.algorithm: /,
    );
    expect(messages({ hosts: twoHosts, upperProtocol: 'icmp6' })[0]).toMatch(/^upperProtocol: /);
  });
});
