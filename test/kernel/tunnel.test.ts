/**
 * Proof on a real kernel for issue 7: tunnel mode between two sites (a machine behind each of two
 * gateways) and a four-host transport mesh on a bridge, applied with the generated ip xfrm scripts
 * inside one user-mode Linux kernel booted for this file (the kernel suite's harness).
 */
import { buildLink, type Link } from '../../src/core/model';
import { planSchema, type PlanInput } from '../../src/core/plan';
import { renderXfrmDown, renderXfrmUp } from '../../src/core/render/xfrm';
import { formatSpi } from '../../src/core/spi';
import { TOOL_VERSION } from '../../src/core/version';
import { counterGrowth, prepareCase, readCapture, saPackets, spiList, xfrmStat } from './cases';
import { UmlGuest, type GuestResult } from './harness';

const TIMEOUT = 240_000;
const META = { toolVersion: TOOL_VERSION, date: '2026-11-28' };

let guest: UmlGuest | undefined;
const booted = () => {
  if (!guest) throw new Error('The UML guest did not boot (see the beforeAll error above).');
  return guest;
};

beforeAll(async () => {
  guest = await UmlGuest.boot({ consoleLog: 'test-results/kernel-tunnel-console.log' });
}, 180_000);

afterAll(async () => {
  await guest?.shutdown();
  const left = guest?.leftoverProcesses() ?? [];
  if (left.length > 0) throw new Error(`UML processes left running: ${left.join(' ')}`);
}, 60_000);

const value = (result: GuestResult, key: string) => result.values.get(key) ?? '(missing)';
const block = (result: GuestResult, key: string) => (result.blocks.get(key) ?? '').trim();

/** Runs a guest script once, the first time a test needs it. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}

interface Site {
  readonly gateway: string;
  readonly wan: string;
  /** The subnet the test machine sits in, and the gateway's and machine's addresses in it. */
  readonly subnet: string;
  readonly lan: string;
  readonly machine: string;
  readonly extraSubnets?: readonly string[];
}

interface TunnelCase {
  readonly name: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly a: Site;
  readonly b: Site;
  readonly plan?: Partial<PlanInput>;
}

const TUNNELS: readonly TunnelCase[] = [
  {
    name: 'IPv4 tunnel, ESP AES-CBC-256 + HMAC-SHA-512, two subnets behind ga',
    family: 'ipv4',
    a: {
      gateway: 'ga',
      wan: '198.51.100.1',
      subnet: '10.1.0.0/16',
      lan: '10.1.0.1',
      machine: '10.1.0.10',
      extraSubnets: ['10.3.0.0/24'],
    },
    b: {
      gateway: 'gb',
      wan: '203.0.113.1',
      subnet: '10.2.0.0/16',
      lan: '10.2.0.1',
      machine: '10.2.0.10',
    },
  },
  {
    name: 'IPv6 tunnel, level unique (request ids on SAs and templates)',
    family: 'ipv6',
    a: {
      gateway: 'ga',
      wan: '2001:db8:ffff::1',
      subnet: '2001:db8:1::/48',
      lan: '2001:db8:1::1',
      machine: '2001:db8:1::10',
    },
    b: {
      gateway: 'gb',
      wan: '2001:db8:fffe::1',
      subnet: '2001:db8:2::/48',
      lan: '2001:db8:2::1',
      machine: '2001:db8:2::10',
    },
    plan: { level: 'unique' },
  },
  {
    name: 'IPv4 tunnel with AH only (integrity, no encryption)',
    family: 'ipv4',
    a: {
      gateway: 'ga',
      wan: '192.0.2.1',
      subnet: '172.16.1.0/24',
      lan: '172.16.1.1',
      machine: '172.16.1.10',
    },
    b: {
      gateway: 'gb',
      wan: '192.0.2.2',
      subnet: '172.16.2.0/24',
      lan: '172.16.2.1',
      machine: '172.16.2.10',
    },
    plan: { protocols: 'ah', integrity: { algorithm: 'hmac-sha256' } },
  },
];

function tunnelFiles(c: TunnelCase, link: Link): Record<string, string> {
  const prefix = (cidr: string) => cidr.split('/')[1] ?? '';
  const env = [
    `FAMILY=${c.family}`,
    `GW_A=${c.a.gateway}`,
    `GW_B=${c.b.gateway}`,
    `WAN_A=${c.a.wan}`,
    `WAN_B=${c.b.wan}`,
    `LAN_A=${c.a.lan}`,
    `LAN_B=${c.b.lan}`,
    `NET_A=${prefix(c.a.subnet)}`,
    `NET_B=${prefix(c.b.subnet)}`,
    `NET_A_CIDR=${c.a.subnet}`,
    `NET_B_CIDR=${c.b.subnet}`,
    `HOST_A=${c.a.machine}`,
    `HOST_B=${c.b.machine}`,
    'MAC_WAN_A=02:00:00:00:01:01',
    'MAC_WAN_B=02:00:00:00:01:02',
    'MAC_LAN_GA=02:00:00:00:02:01',
    'MAC_LAN_GB=02:00:00:00:02:02',
    'MAC_HA=02:00:00:00:03:01',
    'MAC_HB=02:00:00:00:03:02',
    '',
  ].join('\n');
  const files: Record<string, string> = { 'tunnel.env': env };
  for (const host of link.hosts) {
    files[`hosts/${host.name}/ipsec-up.sh`] = renderXfrmUp(link, host, META);
    files[`hosts/${host.name}/ipsec-down.sh`] = renderXfrmDown(link, host, META);
  }
  return files;
}

for (const c of TUNNELS) {
  describe(c.name, { timeout: TIMEOUT }, () => {
    const run = once(async () => {
      const plan = planSchema.parse({
        mode: 'tunnel',
        hosts: [
          {
            name: c.a.gateway,
            address: c.a.wan,
            subnets: [c.a.subnet, ...(c.a.extraSubnets ?? [])],
          },
          { name: c.b.gateway, address: c.b.wan, subnets: [c.b.subnet] },
        ],
        ...c.plan,
      });
      const link = await buildLink(plan);
      const result = await booted().run('tunnel.sh', tunnelFiles(c, link));
      return { link, result };
    });
    const gateways = [c.a.gateway, c.b.gateway];

    it('ipsec-up.sh warns while forwarding is off and leaves it off; quiet once it is on', async () => {
      const { result } = await run();
      const ga = c.a.gateway;
      expect(value(result, `warn.rc.${ga}`), block(result, `warn.out.${ga}`)).toBe('0');
      expect(block(result, `warn.out.${ga}`)).toMatch(/warning: forwarding is off on ga/);
      expect(value(result, `warn.forwarding.${ga}`)).toBe('0');
      expect(block(result, `warn2.out.${ga}`)).not.toMatch(/warning/);
    });

    it('before IPsec the machines reach each other, and the wan capture sees their plain ICMP', async () => {
      const { result } = await run();
      expect(value(result, 'plain.ping.ha.hb')).toBe('0');
      expect(value(result, 'plain.ping.hb.ha')).toBe('0');
      // The capture point would see a leak: here it sees the unprotected pings.
      const plain = block(result, 'plaincapture')
        .split('\n')
        .filter((l) => l.includes(`${c.a.machine} > ${c.b.machine}: ICMP`));
      expect(plain.length).toBeGreaterThan(0);
    });

    it('with both gateways up, the machines ping each other both ways', async () => {
      const { result } = await run();
      for (const gw of gateways) {
        expect(value(result, `up.rc.${gw}`), block(result, `up.out.${gw}`)).toBe('0');
      }
      expect(value(result, 'up.ping.ha.hb')).toBe('0');
      expect(value(result, 'up.ping.hb.ha')).toBe('0');
      // gb has a route to ga's first subnet only: its script names the one it lacks.
      const missing = c.a.extraSubnets ?? [];
      for (const subnet of missing) {
        expect(block(result, 'up.out.gb')).toContain(`gb has no route to ${subnet}`);
      }
      expect(block(result, 'up.out.gb')).not.toContain(`no route to ${c.a.subnet}`);
    });

    it('the wire between the gateways carries only AH/ESP between the gateway addresses', async () => {
      const { link, result } = await run();
      const capture = readCapture(result);
      // Two pings each way, a request and a reply each.
      expect(capture.packets, block(result, 'capture.err')).toBeGreaterThanOrEqual(8);
      expect(capture.unprotected, 'packets on the wire outside AH/ESP').toEqual([]);
      const lines = block(result, 'capture')
        .split('\n')
        .filter((l) => /^IP6? /.test(l));
      for (const line of lines) {
        expect(line).toMatch(
          new RegExp(`^IP6? (${c.a.wan} > ${c.b.wan}|${c.b.wan} > ${c.a.wan}): (AH|ESP)\\(`),
        );
        if (link.plan.protocols === 'ah') {
          // AH authenticates but does not hide: the whole inner packet follows the AH header.
          expect(line).toMatch(/: AH\(spi=0x[0-9a-f]+,[^)]*\): IP /);
        } else {
          // ESP hides the inner packet: the machines' addresses never appear.
          expect(line).not.toContain(c.a.machine);
        }
      }
      expect(spiList(capture.spis)).toBe(spiList(link.sas.map((sa) => sa.spi)));
    });

    it("every tunnel SA's kernel counters moved", async () => {
      const { link, result } = await run();
      for (const host of link.hosts) {
        const packets = saPackets(result, `up.sas.${host.name}`);
        for (const sa of host.sas) {
          expect(
            packets.get(sa.spi) ?? 0,
            `${sa.id} (SPI ${formatSpi(sa.spi)}) on ${host.name}`,
          ).toBeGreaterThan(0);
        }
      }
    });

    it("with gb's side removed nothing passes, and ga's fwd policy refuses the plain packets", async () => {
      const { result } = await run();
      expect(value(result, 'onedown.rc.gb')).toBe('0');
      expect(value(result, 'one.ping.ha.hb')).not.toBe('0');
      expect(value(result, 'one.ping.hb.ha')).not.toBe('0');
      const growth = counterGrowth(
        xfrmStat(result, 'one0.xfrm_stat.ga'),
        xfrmStat(result, 'one1.xfrm_stat.ga'),
      );
      expect(growth, "ga's xfrm_stat while hb's plain ping came through gb").toHaveProperty(
        'XfrmInTmplMismatch',
      );
    });

    it('ipsec-down.sh removes every state and policy (fwd included) and plain traffic flows again', async () => {
      const { result } = await run();
      for (const [label, gw] of [
        ['onedown', 'gb'],
        ['down', 'ga'],
        ['warndown', 'ga'],
      ] as const) {
        expect(block(result, `${label}.state.${gw}`), `SAs left on ${gw} (${label})`).toBe('');
        expect(block(result, `${label}.policy.${gw}`), `policies left on ${gw} (${label})`).toBe(
          '',
        );
      }
      expect(value(result, 'down.ping.ha.hb')).toBe('0');
      expect(value(result, 'down.ping.hb.ha')).toBe('0');
    });
  });
}

const pairs = (names: readonly string[]) =>
  names.flatMap((from) => names.filter((to) => to !== from).map((to) => [from, to] as const));

describe('four-host transport mesh on a bridge', { timeout: TIMEOUT }, () => {
  const run = once(async () => {
    const prepared = await prepareCase({
      name: 'mesh of four',
      plan: {
        hosts: ['a', 'b', 'c', 'd'].map((name, i) => ({ name, address: `10.0.0.${i + 1}` })),
      },
    });
    const result = await booted().run('case.sh', prepared.files);
    return { prepared, result };
  });

  it('every pair talks both ways, only protected, with exactly the generated SPIs', async () => {
    const { prepared, result } = await run();
    const names = prepared.link.hosts.map((h) => h.name);
    for (const host of names) {
      expect(value(result, `up.rc.${host}`), block(result, `up.out.${host}`)).toBe('0');
    }
    for (const [from, to] of pairs(names)) {
      expect(value(result, `plain.ping.${from}.${to}`), `plain ${from} -> ${to}`).toBe('0');
      expect(value(result, `up.ping.${from}.${to}`), `protected ${from} -> ${to}`).toBe('0');
    }
    const capture = readCapture(result);
    expect(capture.packets).toBeGreaterThanOrEqual(pairs(names).length * 4);
    expect(capture.unprotected, 'packets on the bridge outside ESP').toEqual([]);
    expect(spiList(capture.spis)).toBe(spiList(prepared.link.sas.map((sa) => sa.spi)));
    for (const host of prepared.link.hosts) {
      const packets = saPackets(result, `up.sas.${host.name}`);
      for (const sa of host.sas) {
        expect(packets.get(sa.spi) ?? 0, `${sa.id} on ${host.name}`).toBeGreaterThan(0);
      }
    }
  });

  it('one host alone up talks to nobody; down leaves nothing behind', async () => {
    const { prepared, result } = await run();
    const [a, ...peers] = prepared.link.hosts.map((h) => h.name) as [string, ...string[]];
    for (const peer of peers) {
      expect(value(result, `oneout.ping.${a}.${peer}`), `${a} -> ${peer}`).not.toBe('0');
      expect(value(result, `onein.ping.${peer}.${a}`), `${peer} -> ${a}`).not.toBe('0');
    }
    for (const host of prepared.link.hosts) {
      expect(block(result, `down.state.${host.name}`)).toBe('');
      expect(block(result, `down.policy.${host.name}`)).toBe('');
    }
  });
});
