/**
 * Proof on a real kernel: the generated ipsec-up.sh / ipsec-down.sh files, applied on two (and
 * three) Linux hosts, carry traffic only protected and only when both sides are configured.
 * The hosts are network namespaces inside one user-mode Linux kernel booted for the whole file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { passphraseKeySource } from '../../src/core/model';
import type { PlanInput } from '../../src/core/plan';
import { PRESETS } from '../../src/core/presets';
import { formatSpi } from '../../src/core/spi';
import {
  counterGrowth,
  MANUAL_ALGORITHMS,
  prepareCase,
  prepareSweep,
  probeList,
  readCapture,
  saPackets,
  spiList,
  xfrmStat,
  type KernelCase,
  type PreparedCase,
} from './cases';
import { UmlGuest, type GuestResult } from './harness';

const CASE_TIMEOUT = 240_000;
const IPV4 = [
  { name: 'a', address: '10.0.0.1' },
  { name: 'b', address: '10.0.0.2' },
];
const IPV6 = [
  { name: 'a', address: '2001:db8::a' },
  { name: 'b', address: '2001:db8::b' },
];
const esp = (algorithm: string, keyBits: number, integrity: string): Partial<PlanInput> => ({
  encryption: { algorithm, keyBits },
  integrity: { algorithm: integrity },
});

/** Every choice at least once; ciphers and MACs are paired so each appears in a full case. */
const CASES: readonly KernelCase[] = [
  {
    name: 'recommended defaults: ESP, AES-CBC-256, HMAC-SHA-512, random SPIs',
    plan: { hosts: IPV4 },
  },
  {
    name: 'ESP twofish-cbc 128 + hmac-sha384',
    plan: { hosts: IPV4, ...esp('twofish-cbc', 128, 'hmac-sha384') },
  },
  {
    name: 'ESP camellia-cbc 192 + hmac-sha256 (96-bit ICV, setkey-compatible)',
    plan: { hosts: IPV4, ...esp('camellia-cbc', 192, 'hmac-sha256') },
  },
  {
    name: 'ESP camellia-cbc 256 + hmac-sha256 (128-bit ICV, xfrm hosts only)',
    plan: { hosts: IPV4, ...esp('camellia-cbc', 256, 'hmac-sha256') },
    build: async () => ({ setkeyPeers: false }),
  },
  {
    name: 'ESP 3des-cbc 192 + aes-xcbc-mac',
    plan: { hosts: IPV4, ...esp('3des-cbc', 192, 'aes-xcbc-mac') },
  },
  {
    name: 'ESP cast128-cbc 40 + hmac-sha1',
    plan: { hosts: IPV4, ...esp('cast128-cbc', 40, 'hmac-sha1') },
  },
  {
    name: 'ESP blowfish-cbc 448 + hmac-md5',
    plan: { hosts: IPV4, ...esp('blowfish-cbc', 448, 'hmac-md5') },
  },
  {
    name: 'ESP des-cbc 64 + hmac-sha512',
    plan: { hosts: IPV4, ...esp('des-cbc', 64, 'hmac-sha512') },
  },
  {
    name: 'ESP null cipher + hmac-sha256 (integrity only)',
    plan: { hosts: IPV4, ...esp('null', 0, 'hmac-sha256') },
  },
  { name: 'AH only, hmac-sha512', plan: { hosts: IPV4, protocols: 'ah' } },
  {
    name: 'AH+ESP, rijndael-cbc 128 + hmac-sha256, random SPIs',
    plan: { hosts: IPV4, protocols: 'ah+esp', ...esp('rijndael-cbc', 128, 'hmac-sha256') },
  },
  { name: 'the article preset (AH+ESP, AES-192, HMAC-SHA-1, article SPIs)', plan: PRESETS.article },
  { name: 'ESP with article-style SPIs', plan: { hosts: IPV4, spi: { strategy: 'article' } } },
  {
    name: 'passphrase-derived keys, each host built separately',
    plan: { hosts: IPV4, spi: { strategy: 'article' } },
    // A low PBKDF2 count keeps the suite fast; the derivation is the same code as the default's.
    build: async () => ({ keys: await passphraseKeySource('kernel proof passphrase', 1000) }),
    independentBuilds: true,
  },
  { name: 'level use', plan: { hosts: IPV4, level: 'use' } },
  { name: 'level unique', plan: { hosts: IPV4, level: 'unique' } },
  { name: 'upper protocol icmp only', plan: { hosts: IPV4, upperProtocol: 'icmp' } },
  {
    name: 'IPv6 ESP rijndael-cbc 192 + hmac-sha256',
    plan: { hosts: IPV6, ...esp('rijndael-cbc', 192, 'hmac-sha256') },
  },
  {
    name: 'IPv6 AH only, hmac-sha1',
    plan: { hosts: IPV6, protocols: 'ah', integrity: { algorithm: 'hmac-sha1' } },
  },
  {
    name: 'IPv6 AH+ESP twofish-cbc 256 + hmac-sha512, upper protocol icmp6',
    plan: {
      hosts: IPV6,
      protocols: 'ah+esp',
      upperProtocol: 'icmp6',
      ...esp('twofish-cbc', 256, 'hmac-sha512'),
    },
  },
  {
    name: 'three-host mesh on a bridge, IPv4 ESP',
    plan: { hosts: [...IPV4, { name: 'c', address: '10.0.0.3' }] },
  },
  {
    name: 'three-host mesh on a bridge, IPv6 AH+ESP, article SPIs',
    plan: {
      hosts: [...IPV6, { name: 'c', address: '2001:db8::c' }],
      protocols: 'ah+esp',
      spi: { strategy: 'article' },
    },
  },
];

/** Every key length of every cipher, each its own link over the same pair (ESP + HMAC-SHA-256). */
const KEY_SIZES: readonly KernelCase[] = MANUAL_ALGORITHMS.filter(
  (alg) => alg.kind === 'encryption',
).flatMap((alg) =>
  alg.keyBits.map((bits) => ({
    name: `${alg.id}-${bits}`,
    plan: { hosts: IPV4, ...esp(alg.id, bits, 'hmac-sha256') },
  })),
);

// ---------------------------------------------------------------------------------------------
// The run report: every test's outcome, written to test-results/kernel-report.md at the end.

interface Outcome {
  readonly group: string;
  readonly test: string;
  readonly passed: boolean;
  readonly message?: string;
}
const outcomes: Outcome[] = [];
const groupSeconds = new Map<string, number>();
const suiteStarted = Date.now();
let bootSeconds = 0;

function check(group: string, test: string, body: () => Promise<void> | void) {
  it(test, async () => {
    try {
      await body();
      outcomes.push({ group, test, passed: true });
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? '';
      outcomes.push({ group, test, passed: false, message });
      throw error;
    }
  });
}

function writeReport(kernel: string) {
  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.length - passed;
  const lines = [
    '# Kernel proof: run report',
    '',
    `Run ${new Date().toISOString()}: ${passed} passed, ${failed} failed, ` +
      `${((Date.now() - suiteStarted) / 1000).toFixed(1)} s in all (boot ${bootSeconds.toFixed(1)} s).`,
    `Kernel: Debian user-mode Linux ${kernel}; hosts are network namespaces inside it.`,
    `Host: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average at the end ` +
      `${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; times are guest seconds per group and grow with the host's load.`,
    '',
    '| group | test | result |',
    '| --- | --- | --- |',
  ];
  let lastGroup = '';
  for (const o of outcomes) {
    const seconds = groupSeconds.get(o.group);
    const group =
      o.group === lastGroup ? '' : `${o.group}${seconds ? ` (${seconds.toFixed(1)} s)` : ''}`;
    lastGroup = o.group;
    const result = o.passed ? 'pass' : `**FAIL**: ${o.message ?? ''}`.replaceAll('|', '\\|');
    lines.push(`| ${group} | ${o.test} | ${result} |`);
  }
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/kernel-report.md', `${lines.join('\n')}\n`);
}

/** Runs a guest script once, the first time a test of its group needs it. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}

// ---------------------------------------------------------------------------------------------

let guest: UmlGuest | undefined;
let bootError: Error | undefined;
/** The booted guest; when booting failed, every test fails with the reason (never a silent skip). */
const booted = () => {
  if (guest) return guest;
  throw bootError ?? new Error('The UML guest did not boot.');
};

beforeAll(async () => {
  const started = Date.now();
  try {
    guest = await UmlGuest.boot({ consoleLog: 'test-results/kernel-console.log' });
  } catch (error) {
    bootError = error as Error;
  }
  bootSeconds = (Date.now() - started) / 1000;
}, 180_000);

afterAll(async () => {
  const kernel = guest?.bootLog().match(/kernel (\S+)/)?.[1] ?? 'unknown';
  await guest?.shutdown();
  writeReport(kernel);
  const left = guest?.leftoverProcesses() ?? [];
  if (left.length > 0) throw new Error(`UML processes left running: ${left.join(' ')}`);
}, 60_000);

const pairs = (names: readonly string[]) =>
  names.flatMap((from) => names.filter((to) => to !== from).map((to) => [from, to] as const));

const value = (result: GuestResult, key: string) => result.values.get(key) ?? '(missing)';
const block = (result: GuestResult, key: string) => (result.blocks.get(key) ?? '').trim();

describe(
  'the kernel accepts every algorithm offered with manual keys',
  { timeout: CASE_TIMEOUT },
  () => {
    const group = 'algorithms';
    const probe = once(async () => {
      const result = await booted().run('probe.sh', { 'algorithms.txt': probeList() });
      groupSeconds.set(group, result.seconds);
      return result;
    });
    for (const alg of MANUAL_ALGORITHMS) {
      check(group, `${alg.id} (${alg.xfrmName})`, async () => {
        const result = await probe();
        expect(
          value(result, `probe.${alg.id}`),
          `The kernel lacks ${alg.id} (${alg.xfrmName}): ${block(result, `probe.${alg.id}`)}`,
        ).toBe('0');
      });
    }
  },
);

for (const kernelCase of CASES) {
  describe(kernelCase.name, { timeout: CASE_TIMEOUT }, () => {
    const group = kernelCase.name;
    const run = once(async () => {
      const prepared = await prepareCase(kernelCase);
      const result = await booted().run('case.sh', prepared.files);
      groupSeconds.set(group, result.seconds);
      return { prepared, result };
    });
    const hostsOf = (p: PreparedCase) => p.link.hosts.map((h) => h.name);

    check(group, 'plain ping works between every pair before IPsec', async () => {
      const { prepared, result } = await run();
      for (const [from, to] of pairs(hostsOf(prepared))) {
        expect(value(result, `plain.ping.${from}.${to}`), `plain ping ${from} -> ${to}`).toBe('0');
      }
    });

    check(group, 'ipsec-up.sh runs cleanly on every host', async () => {
      const { prepared, result } = await run();
      const choices = `${prepared.link.plan.encryption.algorithm} / ${prepared.link.plan.integrity.algorithm}`;
      for (const host of hostsOf(prepared)) {
        expect(
          value(result, `up.rc.${host}`),
          `ipsec-up.sh on ${host} (${choices}) failed: ${block(result, `up.out.${host}`)}`,
        ).toBe('0');
      }
    });

    check(group, 'with both sides up, ping works both ways', async () => {
      const { prepared, result } = await run();
      for (const [from, to] of pairs(hostsOf(prepared))) {
        expect(value(result, `up.ping.${from}.${to}`), `protected ping ${from} -> ${to}`).toBe('0');
      }
    });

    check(group, 'the wire carries only AH/ESP with exactly the generated SPIs', async () => {
      const { prepared, result } = await run();
      const capture = readCapture(result, prepared.link);
      const expected = new Set(prepared.link.sas.map((sa) => sa.spi));
      // Two pings each way per pair, a request and a reply each.
      expect(capture.packets, block(result, 'capture.err')).toBeGreaterThanOrEqual(
        pairs(hostsOf(prepared)).length * 4,
      );
      expect(capture.unprotected, 'packets on the wire outside AH/ESP').toEqual([]);
      expect(spiList(capture.spis)).toBe(spiList(expected));
    });

    check(group, "every SA's kernel counters moved", async () => {
      const { prepared, result } = await run();
      for (const host of prepared.link.hosts) {
        const packets = saPackets(result, `up.sas.${host.name}`);
        for (const sa of host.sas) {
          expect(
            packets.get(sa.spi) ?? 0,
            `packets through ${sa.id} (SPI ${formatSpi(sa.spi)}) on ${host.name}`,
          ).toBeGreaterThan(0);
        }
      }
    });

    check(group, 'ipsec-down.sh removes everything and plain ping works again', async () => {
      const { prepared, result } = await run();
      for (const host of hostsOf(prepared)) {
        expect(value(result, `down.rc.${host}`), block(result, `down.out.${host}`)).toBe('0');
        expect(block(result, `down.state.${host}`), `SAs left on ${host}`).toBe('');
        expect(block(result, `down.policy.${host}`), `policies left on ${host}`).toBe('');
      }
      for (const [from, to] of pairs(hostsOf(prepared))) {
        expect(value(result, `down.ping.${from}.${to}`), `plain ping ${from} -> ${to}`).toBe('0');
      }
    });

    check(group, "with one side only, ping fails and the receiver's counters say why", async () => {
      const { prepared, result } = await run();
      const [first, ...peers] = hostsOf(prepared);
      const a = first!;
      expect(value(result, `oneup.rc.${a}`), block(result, `oneup.out.${a}`)).toBe('0');
      for (const peer of peers) {
        expect(value(result, `oneout.ping.${a}.${peer}`), `ping ${a} -> ${peer}`).not.toBe('0');
        // The peer has no SA for the SPI it receives.
        const peerGrowth = counterGrowth(
          xfrmStat(result, `one0.xfrm_stat.${peer}`),
          xfrmStat(result, `one1.xfrm_stat.${peer}`),
        );
        expect(peerGrowth, `${peer}'s xfrm_stat while ${a} pinged it`).toHaveProperty(
          'XfrmInNoStates',
        );
        expect(value(result, `onein.ping.${peer}.${a}`), `ping ${peer} -> ${a}`).not.toBe('0');
        if (prepared.link.plan.level === 'use') {
          // `use` lets the plain request in; the protected reply then finds no SA at the peer.
          const replyGrowth = counterGrowth(
            xfrmStat(result, `one1.xfrm_stat.${peer}`),
            xfrmStat(result, `one2.xfrm_stat.${peer}`),
          );
          expect(replyGrowth, `${peer}'s xfrm_stat while it pinged ${a}`).toHaveProperty(
            'XfrmInNoStates',
          );
        }
      }
      if (prepared.link.plan.level !== 'use') {
        // A plain packet where the policy requires IPsec does not match the policy's template.
        const aGrowth = counterGrowth(
          xfrmStat(result, `one0.xfrm_stat.${a}`),
          xfrmStat(result, `one2.xfrm_stat.${a}`),
        );
        expect(aGrowth, `${a}'s xfrm_stat while its peers pinged it in plain`).toHaveProperty(
          'XfrmInTmplMismatch',
        );
      }
      expect(block(result, `onedown.state.${a}`)).toBe('');
      expect(block(result, `onedown.policy.${a}`)).toBe('');
    });

    check(group, 'a wrong key on one side breaks the link (and only that link)', async () => {
      const { prepared, result } = await run();
      const [a, victim, ...others] = hostsOf(prepared) as [string, string, ...string[]];
      for (const host of hostsOf(prepared)) {
        expect(value(result, `wkup.rc.${host}`), block(result, `wkup.out.${host}`)).toBe('0');
      }
      expect(value(result, `wk.ping.${a}.${victim}`), `ping ${a} -> ${victim}`).not.toBe('0');
      const growth = counterGrowth(
        xfrmStat(result, `wk0.xfrm_stat.${victim}`),
        xfrmStat(result, `wk1.xfrm_stat.${victim}`),
      );
      expect(
        growth,
        `${victim}'s xfrm_stat with a wrong key on ${prepared.wrongSa}`,
      ).toHaveProperty('XfrmInStateProtoError');
      for (const other of others) {
        expect(value(result, `wk.ping.${a}.${other}`), `ping ${a} -> ${other}`).toBe('0');
      }
      for (const host of hostsOf(prepared)) {
        expect(block(result, `wkdown.state.${host}`), `SAs left on ${host}`).toBe('');
      }
    });
  });
}

describe('every key length of every cipher carries a ping', { timeout: CASE_TIMEOUT }, () => {
  const group = 'key lengths';
  const sweep = once(async () => {
    const { files, links } = await prepareSweep(KEY_SIZES);
    const result = await booted().run('sweep.sh', files, CASE_TIMEOUT);
    groupSeconds.set(group, result.seconds);
    return { links, result };
  });
  for (const variant of KEY_SIZES) {
    check(group, variant.name, async () => {
      const { links, result } = await sweep();
      const v = variant.name;
      for (const host of ['a', 'b']) {
        expect(value(result, `${v}.up.rc.${host}`), block(result, `${v}.up.out.${host}`)).toBe('0');
      }
      expect(value(result, `${v}.ping.b.a`), `ping b -> a with ${v}`).toBe('0');
      // The ping could only be answered through both of the variant's SAs.
      const packets = saPackets(result, 'all.sas.a');
      for (const sa of links.get(v)!.sas) {
        expect(packets.get(sa.spi) ?? 0, `packets through ${sa.id}`).toBeGreaterThan(0);
      }
    });
  }
});
