import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLink } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { renderXfrmDown, renderXfrmUp } from '../../src/core/render/xfrm';

const hosts = [
  { name: 'a', address: '192.168.1.100' },
  { name: 'b', address: '192.168.2.100' },
];
const meta = { toolVersion: '0.1.0', date: '2026-11-28' };
const fixedKeys = async (_s: unknown, _r: unknown, _a: unknown, bits: number) =>
  'ab'.repeat(bits / 8);

describe('ip xfrm renderer', () => {
  it('writes states with exact truncation and policies with templates inner to outer', async () => {
    const plan = planSchema.parse({
      hosts,
      protocols: 'ah+esp',
      integrity: { algorithm: 'hmac-sha1' },
      spi: { strategy: 'article' },
    });
    const link = await buildLink(plan, { keys: fixedKeys });
    const up = renderXfrmUp(link, link.hosts[0] as (typeof link.hosts)[number], meta);
    expect(up).toContain(
      "ip xfrm state add src 192.168.1.100 dst 192.168.2.100 proto ah spi 0x200 mode transport auth-trunc 'hmac(sha1)' 0x" +
        'ab'.repeat(20) +
        ' 96',
    );
    expect(up).toContain(
      'ip xfrm policy add src 192.168.1.100/32 dst 192.168.2.100/32 dir out tmpl proto esp mode transport level required tmpl proto ah mode transport level required',
    );
    expect(up).toContain(
      'ip xfrm policy add src 192.168.2.100/32 dst 192.168.1.100/32 dir in tmpl',
    );
  });

  it('gives hmac-sha256 the 96-bit ICV of a setkey peer unless only ip xfrm hosts take part', async () => {
    const plan = planSchema.parse({ hosts, integrity: { algorithm: 'hmac-sha256' } });
    const mixed = await buildLink(plan, { keys: fixedKeys });
    expect(renderXfrmUp(mixed, mixed.hosts[0] as (typeof mixed.hosts)[number], meta)).toMatch(
      /'hmac\(sha256\)' 0x[0-9a-f]{64} 96$/m,
    );
    const xfrmOnly = await buildLink(plan, { keys: fixedKeys, setkeyPeers: false });
    expect(
      renderXfrmUp(xfrmOnly, xfrmOnly.hosts[0] as (typeof xfrmOnly.hosts)[number], meta),
    ).toMatch(/'hmac\(sha256\)' 0x[0-9a-f]{64} 128$/m);
  });

  it('produces scripts that sh accepts (sh -n) and a teardown that removes every entry', async () => {
    const plan = planSchema.parse({ hosts: [...hosts, { name: 'c', address: '192.168.3.100' }] });
    const link = await buildLink(plan);
    const dir = mkdtempSync(join(tmpdir(), 'xfrm-'));
    for (const host of link.hosts) {
      const up = renderXfrmUp(link, host, meta);
      const down = renderXfrmDown(link, host, meta);
      for (const [name, text] of [
        ['up', up],
        ['down', down],
      ] as const) {
        const file = join(dir, `${host.name}-${name}.sh`);
        writeFileSync(file, text);
        execFileSync('sh', ['-n', file]);
      }
      expect(down.match(/^ip xfrm state delete /gm)).toHaveLength(host.sas.length);
      expect(down.match(/^ip xfrm policy delete /gm)).toHaveLength(host.policies.length);
      expect(down).not.toMatch(/[0-9a-f]{32}/); // no key material in the teardown
    }
  });
});

describe('ip xfrm golden file', () => {
  it("renders the article plan for host b with the article's keys (fixed input, reviewed by hand)", async () => {
    const { readFileSync } = await import('node:fs');
    const keys: Record<string, string> = {
      'a>b:ah auth': '46915c30ed7e2465b42861b6ab19f2772813020c',
      'b>a:ah auth': 'c4dac594f8228e0b94a54758f7fbf2fdf4e37f3e',
      'a>b:esp enc': 'a3993b3dfc41ef0a1aa8d168a8bf2c27e48249ac17b61e09',
      'b>a:esp enc': '8f6498928ba354bd45cfad147f54c67b3b742896b3bafc02',
    };
    const plan = planSchema.parse({
      hosts,
      protocols: 'ah+esp',
      encryption: { algorithm: 'rijndael-cbc', keyBits: 192 },
      integrity: { algorithm: 'hmac-sha1' },
      spi: { strategy: 'article' },
    });
    const link = await buildLink(plan, {
      keys: async (slot, role) => keys[`${slot.id} ${role}`] ?? '',
    });
    const golden = readFileSync(
      new URL('../golden/article-b.ipsec-up.sh', import.meta.url),
      'utf8',
    );
    expect(renderXfrmUp(link, link.hosts[1]!, meta)).toBe(golden);
  });
});
