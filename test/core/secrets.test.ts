import { buildLink } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { renderBundle } from '../../src/core/render/bundle';
import { checkSecrets, secretsOfLink } from '../../src/core/secrets';

const plan = (addresses: string[], extra: object = {}) =>
  planSchema.parse({
    hosts: addresses.map((address, i) => ({ name: `h${i}`, address })),
    ...extra,
  });

describe('secrets', () => {
  it('keeps every key and SPI of existing SAs when a host is added', async () => {
    const first = await buildLink(plan(['10.0.0.1', '10.0.0.2']));
    const kept = secretsOfLink(first);
    const grown = await buildLink(plan(['10.0.0.1', '10.0.0.2', '10.0.0.3']), { reuse: kept });
    const after = secretsOfLink(grown);
    for (const [slot, spi] of Object.entries(kept.spis)) expect(after.spis[slot]).toBe(spi);
    for (const [id, key] of Object.entries(kept.keys)) expect(after.keys[id]).toBe(key);
    // The new pairs got fresh SAs: 2 pairs more, two directions each.
    expect(Object.keys(after.spis)).toHaveLength(6);
    expect(new Set(Object.values(after.spis)).size).toBe(6);
  });

  it('draws a new key when the algorithm or its length changes', async () => {
    const first = await buildLink(plan(['10.0.0.1', '10.0.0.2']));
    const kept = secretsOfLink(first);
    const changed = await buildLink(
      plan(['10.0.0.1', '10.0.0.2'], { encryption: { algorithm: 'rijndael-cbc', keyBits: 128 } }),
      { reuse: kept },
    );
    const sa = changed.sas[0]!;
    expect(sa.encryption?.keyHex).toHaveLength(32);
    expect(sa.integrity?.keyHex).toBe(first.sas[0]!.integrity?.keyHex);
    expect(sa.spi).toBe(first.sas[0]!.spi);
  });

  it('names the SA whose SPI is reserved, duplicated, or whose key has the wrong length', () => {
    const problems = checkSecrets({
      spis: { 'a>b:esp': 0x300, 'b>a:esp': 0x300, 'a>b:ah': 12 },
      keys: { 'a>b:esp enc rijndael-cbc 256': 'abcd' },
    });
    expect(problems.map((p) => p.path)).toEqual([
      'spis.b>a:esp',
      'spis.a>b:ah',
      'keys.a>b:esp enc rijndael-cbc 256',
    ]);
    expect(problems[0]!.message).toContain('a>b:esp');
    expect(problems[2]!.message).toContain('64 hex digits');
  });

  it('refuses to build with two SAs sharing an SPI', async () => {
    await expect(
      buildLink(plan(['10.0.0.1', '10.0.0.2']), {
        fixedSpis: new Map([
          ['h0>h1:esp', 0x1000],
          ['h1>h0:esp', 0x1000],
        ]),
      }),
    ).rejects.toThrow(/same SPI/);
  });
});

describe('renderBundle', () => {
  it('gives each host its own folder and only the chosen formats', async () => {
    const link = await buildLink(plan(['10.0.0.1', '10.0.0.2', '10.0.0.3']));
    const meta = { toolVersion: 't', date: '2026-01-01' };
    const both = renderBundle(link, meta).map((f) => f.path);
    expect(both).toEqual([
      'h0/setkey.conf',
      'h0/ipsec-up.sh',
      'h0/ipsec-down.sh',
      'h1/setkey.conf',
      'h1/ipsec-up.sh',
      'h1/ipsec-down.sh',
      'h2/setkey.conf',
      'h2/ipsec-up.sh',
      'h2/ipsec-down.sh',
      'README.txt',
      'plan.json',
      'secrets.json',
    ]);
    const setkeyOnly = renderBundle(link, meta, 'setkey');
    expect(setkeyOnly.filter((f) => f.kind === 'xfrm-up')).toHaveLength(0);
    // Keys appear only in files marked secret.
    const key = link.sas[0]!.integrity!.keyHex;
    const files = renderBundle(link, meta);
    expect(files.some((f) => f.text.includes(key))).toBe(true);
    for (const file of files) {
      if (!file.secret) expect(file.text).not.toContain(key);
    }
  });
});

describe('request ids of level unique', () => {
  it('keeps every pair its request id when a host is added, and saves them with the secrets', async () => {
    const first = await buildLink(plan(['10.0.0.1', '10.0.0.2', '10.0.0.3'], { level: 'unique' }));
    const kept = secretsOfLink(first);
    expect(kept.reqids).toEqual({ 'h0+h1': 1, 'h0+h2': 2, 'h1+h2': 3 });
    // Hosts listed in another order with one more: the existing pairs keep their ids.
    const grown = await buildLink(
      planSchema.parse({
        level: 'unique',
        hosts: [
          { name: 'h3', address: '10.0.0.4' },
          { name: 'h2', address: '10.0.0.3' },
          { name: 'h1', address: '10.0.0.2' },
          { name: 'h0', address: '10.0.0.1' },
        ],
      }),
      { reuse: kept },
    );
    const after = secretsOfLink(grown);
    expect(after.reqids).toMatchObject(kept.reqids!);
    expect(new Set(Object.values(after.reqids!)).size).toBe(6);
    expect(secretsOfLink(await buildLink(plan(['10.0.0.1', '10.0.0.2']))).reqids).toBeUndefined();
  });

  it('names a request id out of range or shared by two pairs', () => {
    const problems = checkSecrets({
      spis: {},
      keys: {},
      reqids: { 'a+b': 1, 'a+c': 1, 'b+c': 20000 },
    });
    expect(problems.map((p) => p.path)).toEqual(['reqids.a+c', 'reqids.b+c']);
    expect(problems[1]!.message).toContain('1..16383');
  });
});
