import { readFileSync } from 'node:fs';
import { buildLink, type KeySource } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { PRESETS } from '../../src/core/presets';
import { renderSetkeyConf } from '../../src/core/render/setkey';

// The article's own published sample keys: fixed input, so the output can be compared to a golden file.
const ARTICLE_KEYS: Record<string, string> = {
  'a>b:ah auth': '46915c30ed7e2465b42861b6ab19f2772813020c',
  'b>a:ah auth': 'c4dac594f8228e0b94a54758f7fbf2fdf4e37f3e',
  'a>b:esp enc': 'a3993b3dfc41ef0a1aa8d168a8bf2c27e48249ac17b61e09',
  'b>a:esp enc': '8f6498928ba354bd45cfad147f54c67b3b742896b3bafc02',
};
const articleKeys: KeySource = async (slot, role) => ARTICLE_KEYS[`${slot.id} ${role}`] ?? '';

const articlePlan = planSchema.parse(PRESETS.article);
const meta = { toolVersion: '0.1.0', date: '2026-11-28' };

describe('renderSetkeyConf', () => {
  it("reproduces the article's file for host a (golden file, the article's keys)", async () => {
    const link = await buildLink(articlePlan, { keys: articleKeys });
    const host = link.hosts[0];
    if (!host) throw new Error('no host');
    const golden = readFileSync(
      new URL('../golden/article-a.setkey.conf', import.meta.url),
      'utf8',
    );
    expect(renderSetkeyConf(link, host, meta)).toBe(golden);
  });

  it('mirrors the policies on the other host: out there is in here', async () => {
    const link = await buildLink(articlePlan, { keys: articleKeys });
    const [a, b] = link.hosts.map((h) => renderSetkeyConf(link, h, meta));
    expect(a).toContain('spdadd 192.168.1.100 192.168.2.100 any -P out ipsec');
    expect(b).toContain('spdadd 192.168.1.100 192.168.2.100 any -P in ipsec');
    expect(b).toContain('spdadd 192.168.2.100 192.168.1.100 any -P out ipsec');
    const sadLines = (text: string | undefined) =>
      text?.split('\n').filter((l) => l.startsWith('add '));
    expect(sadLines(b)).toEqual(sadLines(a));
  });

  it('writes -E before -A for ESP with integrity and keys of exact length', async () => {
    const plan = planSchema.parse({ hosts: articlePlan.hosts });
    const link = await buildLink(plan);
    const text = renderSetkeyConf(link, link.hosts[0] as (typeof link.hosts)[number], meta);
    const esp = text.split('\n').filter((l) => l.startsWith('add '));
    expect(esp).toHaveLength(2);
    for (const line of esp) {
      expect(line).toMatch(
        /^add \S+ \S+ esp 0x[0-9a-f]+ -E rijndael-cbc 0x[0-9a-f]{64} -A hmac-sha512 0x[0-9a-f]{128};$/,
      );
    }
  });
});
