import { buildLink } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { renderSetkeyConf } from '../../src/core/render/setkey';
import { renderXfrmUp } from '../../src/core/render/xfrm';
import { secretsOfLink } from '../../src/core/secrets';

const meta = { toolVersion: 't', date: '2026-11-28' };
const mesh = (n: number, extra: object = {}) =>
  planSchema.parse({
    hosts: Array.from({ length: n }, (_, i) => ({ name: `h${i}`, address: `10.0.${i}.1` })),
    ...extra,
  });

describe('a transport mesh of 12 hosts', () => {
  it('gives every pair its own SAs with SPIs unique on every host', async () => {
    const link = await buildLink(mesh(12, { protocols: 'ah+esp' }));
    expect(link.sas).toHaveLength(12 * 11 * 2);
    for (const host of link.hosts) {
      expect(host.sas).toHaveLength(11 * 2 * 2);
      // The kernel identifies an inbound SA by (dst, protocol, SPI); this host must see no clash.
      const ids = host.sas.map((sa) => `${sa.dst} ${sa.protocol} ${sa.spi}`);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(new Set(link.sas.map((sa) => sa.spi)).size).toBe(link.sas.length);
  });

  it('writes each host only its own entries, in both formats', async () => {
    const link = await buildLink(mesh(12));
    for (const host of link.hosts) {
      const conf = renderSetkeyConf(link, host, meta);
      const adds = conf.split('\n').filter((l) => l.startsWith('add '));
      const spds = conf.split('\n').filter((l) => l.startsWith('spdadd '));
      expect(adds).toHaveLength(22);
      expect(spds).toHaveLength(22);
      for (const line of [...adds, ...spds]) {
        const [, src, dst] = line.split(' ');
        expect(src === host.address || dst === host.address, line).toBe(true);
      }
      const up = renderXfrmUp(link, host, meta);
      expect(up.match(/^ip xfrm state add /gm)).toHaveLength(22);
      expect(up.match(/^ip xfrm policy add /gm)).toHaveLength(22);
      // No other host's keys leak into this host's files.
      for (const sa of link.sas) {
        if (sa.from === host.name || sa.to === host.name) continue;
        expect(conf).not.toContain(sa.encryption?.keyHex ?? '');
      }
    }
  });

  it('adds a 13th host without changing any SA line of the first 12', async () => {
    const before = await buildLink(mesh(12));
    const after = await buildLink(mesh(13), { reuse: secretsOfLink(before) });
    const saLines = (link: typeof before, name: string) => {
      const host = link.hosts.find((h) => h.name === name);
      if (!host) throw new Error(name);
      return renderSetkeyConf(link, host, meta)
        .split('\n')
        .filter((l) => l.startsWith('add '));
    };
    for (const host of before.hosts) {
      const old = saLines(before, host.name);
      const now = saLines(after, host.name);
      expect(now.filter((l) => !l.includes('10.0.12.1'))).toEqual(old);
      expect(now.filter((l) => l.includes('10.0.12.1'))).toHaveLength(2);
    }
    const all = after.sas.map((sa) => sa.spi);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('random keys and SPIs of a large mesh', () => {
  it('come from crypto.getRandomValues in batches, every key distinct and of exact length', async () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    try {
      const link = await buildLink(mesh(40));
      // 1560 SAs with two keys each and an SPI: one call per key would be over 4000.
      expect(spy.mock.calls.length).toBeGreaterThan(0);
      expect(spy.mock.calls.length).toBeLessThan(20);
      const keys = link.sas.flatMap((sa) => [sa.encryption?.keyHex, sa.integrity?.keyHex]);
      expect(keys.every((k) => k !== undefined && /^[0-9a-f]+$/.test(k))).toBe(true);
      expect(link.sas.every((sa) => sa.encryption?.keyHex.length === 64)).toBe(true);
      expect(link.sas.every((sa) => sa.integrity?.keyHex.length === 128)).toBe(true);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      spy.mockRestore();
    }
  });
});
