import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLink, type KeySource, type Link } from '../../src/core/model';
import { planSchema, type PlanInput } from '../../src/core/plan';
import { renderBundle } from '../../src/core/render/bundle';
import { renderSetkeyConf } from '../../src/core/render/setkey';
import { renderXfrmDown, renderXfrmUp } from '../../src/core/render/xfrm';
import { checkMirror, lintSetkeyConf } from '../../src/core/setkey/lint';
import { parseSetkeyConf } from '../../src/core/setkey/parse';

const meta = { toolVersion: '0.1.0', date: '2026-11-28' };

// Fixed, obviously fake keys: one repeated byte per SA and role, so the golden files are stable.
const FAKE_KEY_BYTE: Record<string, string> = {
  'ga>gb:esp enc': '11',
  'ga>gb:esp auth': '22',
  'gb>ga:esp enc': '33',
  'gb>ga:esp auth': '44',
  'ga>gb:ah auth': '55',
  'gb>ga:ah auth': '66',
};
const fakeKeys: KeySource = async (slot, role, _alg, bits) =>
  (FAKE_KEY_BYTE[`${slot.id} ${role}`] ?? '77').repeat(bits / 8);

const sites = (extra: Partial<PlanInput> = {}): PlanInput => ({
  mode: 'tunnel',
  hosts: [
    { name: 'ga', address: '198.51.100.1', subnets: ['10.1.0.0/16', '10.3.0.0/24'] },
    { name: 'gb', address: '203.0.113.1', subnets: ['10.2.0.0/16'] },
  ],
  spi: { strategy: 'article' },
  ...extra,
});

const build = (input: PlanInput, options = {}) =>
  buildLink(planSchema.parse(input), { keys: fakeKeys, ...options });
const hostOf = (link: Link, name: string) => {
  const host = link.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no host ${name}`);
  return host;
};
const golden = (name: string) =>
  readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8');

describe('tunnel mode golden files (fixed fake keys, article SPIs, reviewed by hand)', () => {
  it('setkey.conf of gateway ga', async () => {
    const link = await build(sites());
    expect(renderSetkeyConf(link, hostOf(link, 'ga'), meta)).toBe(golden('tunnel-ga.setkey.conf'));
  });

  it('ipsec-up.sh and ipsec-down.sh of gateway gb', async () => {
    const link = await build(sites());
    expect(renderXfrmUp(link, hostOf(link, 'gb'), meta)).toBe(golden('tunnel-gb.ipsec-up.sh'));
    expect(renderXfrmDown(link, hostOf(link, 'gb'), meta)).toBe(golden('tunnel-gb.ipsec-down.sh'));
  });
});

describe('tunnel mode', () => {
  it('puts the SAs between the gateways with -m tunnel / mode tunnel', async () => {
    const link = await build(sites());
    const conf = renderSetkeyConf(link, hostOf(link, 'ga'), meta);
    const adds = conf.split('\n').filter((l) => l.startsWith('add '));
    expect(adds).toHaveLength(2);
    expect(adds[0]).toMatch(/^add 198\.51\.100\.1 203\.0\.113\.1 esp 0x201 -m tunnel -E /);
    expect(adds[1]).toMatch(/^add 203\.0\.113\.1 198\.51\.100\.1 esp 0x301 -m tunnel -E /);
    const up = renderXfrmUp(link, hostOf(link, 'ga'), meta);
    expect(up.match(/^ip xfrm state add .* mode tunnel enc /gm)).toHaveLength(2);
    expect(up).not.toContain('mode transport');
  });

  it('has a policy pair for every subnet pair, mirrored on the other gateway', async () => {
    const link = await build(sites());
    const ga = renderSetkeyConf(link, hostOf(link, 'ga'), meta);
    const gb = renderSetkeyConf(link, hostOf(link, 'gb'), meta);
    for (const own of ['10.1.0.0/16', '10.3.0.0/24']) {
      expect(ga).toContain(
        `spdadd ${own} 10.2.0.0/16 any -P out ipsec\n           esp/tunnel/198.51.100.1-203.0.113.1/require;`,
      );
      expect(gb).toContain(
        `spdadd ${own} 10.2.0.0/16 any -P in ipsec\n           esp/tunnel/198.51.100.1-203.0.113.1/require;`,
      );
      expect(ga).toContain(
        `spdadd 10.2.0.0/16 ${own} any -P in ipsec\n           esp/tunnel/203.0.113.1-198.51.100.1/require;`,
      );
    }
    expect(ga.match(/^spdadd /gm)).toHaveLength(4);
    // setkey on Linux adds fwd itself: writing one would duplicate it.
    expect(ga).not.toContain('-P fwd');
    expect(checkMirror(parseSetkeyConf(ga), parseSetkeyConf(gb))).toEqual([]);
    for (const text of [ga, gb]) {
      expect(lintSetkeyConf(text).filter((f) => f.severity === 'error')).toEqual([]);
    }
  });

  it('writes a fwd policy for every in policy in the ip xfrm script, and removes it again', async () => {
    const link = await build(sites());
    const host = hostOf(link, 'gb');
    const up = renderXfrmUp(link, host, meta);
    const ins = up.match(/^ip xfrm policy add (.*) dir in (tmpl .*)$/gm) ?? [];
    expect(ins).toHaveLength(2);
    for (const line of ins) {
      expect(up).toContain(line.replace(' dir in ', ' dir fwd '));
    }
    expect(up).toContain(
      'ip xfrm policy add src 10.2.0.0/16 dst 10.3.0.0/24 dir out tmpl src 203.0.113.1 dst 198.51.100.1 proto esp mode tunnel level required',
    );
    const down = renderXfrmDown(link, host, meta);
    expect(down.match(/^ip xfrm policy delete .* dir fwd /gm)).toHaveLength(2);
    expect(down.match(/^ip xfrm policy delete /gm)).toHaveLength(6);
    expect(down.match(/^ip xfrm state delete /gm)).toHaveLength(2);
  });

  it('checks forwarding and routes in ipsec-up.sh without changing them; sh accepts both scripts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunnel-'));
    for (const [input, sysctl, proc] of [
      [sites(), 'net.ipv4.ip_forward', '/proc/sys/net/ipv4/ip_forward'],
      [
        {
          mode: 'tunnel',
          hosts: [
            { name: 'ga', address: '2001:db8:ffff::1', subnets: ['2001:db8:1::/48'] },
            { name: 'gb', address: '2001:db8:fffe::1', subnets: ['2001:db8:2::/48'] },
          ],
        } satisfies PlanInput,
        'net.ipv6.conf.all.forwarding',
        '/proc/sys/net/ipv6/conf/all/forwarding',
      ],
    ] as const) {
      const link = await build(input);
      for (const host of link.hosts) {
        const up = renderXfrmUp(link, host, meta);
        expect(up).toContain(`if [ "$(cat ${proc} 2>/dev/null)" != 1 ]; then`);
        expect(up).toContain(`sysctl -w ${sysctl}=1`);
        expect(up).not.toMatch(/^sysctl /m);
        expect(renderSetkeyConf(link, host, meta)).toContain(
          `# It forwards packets, so enable forwarding: sysctl -w ${sysctl}=1`,
        );
        for (const far of link.hosts.filter((h) => h !== host).flatMap((h) => h.subnets)) {
          expect(up).toContain(`ip route get ${far.split('/')[0]} >/dev/null 2>&1 || echo`);
        }
        for (const [name, text] of [
          ['up', up],
          ['down', renderXfrmDown(link, host, meta)],
        ] as const) {
          const file = join(dir, `${host.name}-${name}.sh`);
          writeFileSync(file, text);
          execFileSync('sh', ['-n', file]);
        }
      }
      const readme = renderBundle(link, meta).find((f) => f.path === 'README.txt')?.text ?? '';
      expect(readme).toContain(`sysctl -w ${sysctl}=1`);
      expect(readme).toContain('fwd');
    }
  });

  it('writes IPv6 tunnel endpoints and AH tunnels', async () => {
    const link = await build({
      mode: 'tunnel',
      protocols: 'ah',
      hosts: [
        { name: 'ga', address: '2001:db8:ffff::1', subnets: ['2001:db8:1::/48'] },
        { name: 'gb', address: '2001:db8:fffe::1', subnets: ['2001:db8:2::/48', '2001:db8:3::7'] },
      ],
    });
    const conf = renderSetkeyConf(link, hostOf(link, 'ga'), meta);
    expect(conf).toMatch(
      /^add 2001:db8:ffff::1 2001:db8:fffe::1 ah 0x[0-9a-f]+ -m tunnel -A hmac-sha512 /m,
    );
    expect(conf).toContain(
      'spdadd 2001:db8:1::/48 2001:db8:3::7 any -P out ipsec\n           ah/tunnel/2001:db8:ffff::1-2001:db8:fffe::1/require;',
    );
    const up = renderXfrmUp(link, hostOf(link, 'ga'), meta);
    expect(up).toContain(
      'ip xfrm policy add src 2001:db8:3::7/128 dst 2001:db8:1::/48 dir fwd tmpl src 2001:db8:fffe::1 dst 2001:db8:ffff::1 proto ah mode tunnel level required',
    );
    expect(lintSetkeyConf(conf).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('level unique', () => {
  it('binds SAs and policies by one request id per host pair in both formats', async () => {
    const link = await build(
      {
        hosts: [
          { name: 'a', address: '10.0.0.1' },
          { name: 'b', address: '10.0.0.2' },
          { name: 'c', address: '10.0.0.3' },
        ],
        level: 'unique',
      },
      { keys: undefined },
    );
    const reqidOf = (from: string, to: string) =>
      link.sas.find((sa) => sa.from === from && sa.to === to)?.reqid;
    expect(reqidOf('a', 'b')).toBe(1);
    expect(reqidOf('b', 'a')).toBe(1);
    expect(reqidOf('a', 'c')).toBe(2);
    expect(reqidOf('b', 'c')).toBe(3);
    const b = hostOf(link, 'b');
    const conf = renderSetkeyConf(link, b, meta);
    expect(conf).toMatch(/^add 10\.0\.0\.2 10\.0\.0\.3 esp 0x[0-9a-f]+ -u 3 -E /m);
    expect(conf).toContain(
      'spdadd 10.0.0.2 10.0.0.3 any -P out ipsec\n           esp/transport//unique:3;',
    );
    expect(conf).toContain(
      'spdadd 10.0.0.1 10.0.0.2 any -P in ipsec\n           esp/transport//unique:1;',
    );
    const up = renderXfrmUp(link, b, meta);
    expect(up).toMatch(
      /^ip xfrm state add src 10\.0\.0\.2 dst 10\.0\.0\.3 proto esp spi 0x[0-9a-f]+ mode transport reqid 3 enc /m,
    );
    expect(up).toContain(
      'ip xfrm policy add src 10.0.0.2/32 dst 10.0.0.3/32 dir out tmpl proto esp mode transport reqid 3 level required',
    );
    expect(lintSetkeyConf(conf).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('leaves require and use without request ids, so transport output is unchanged', async () => {
    const link = await build({
      hosts: [
        { name: 'a', address: '10.0.0.1' },
        { name: 'b', address: '10.0.0.2' },
      ],
    });
    expect(link.sas.every((sa) => sa.reqid === undefined && sa.mode === 'transport')).toBe(true);
    const conf = renderSetkeyConf(link, hostOf(link, 'a'), meta);
    expect(conf).not.toMatch(/ -u | -m /);
  });
});
