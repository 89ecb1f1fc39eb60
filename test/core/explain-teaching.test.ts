import { buildLink, type Link } from '../../src/core/model';
import { planSchema, type PlanInput } from '../../src/core/plan';
import { PRESETS } from '../../src/core/presets';
import {
  applyPlanPatch,
  buildNextSteps,
  buildThenAndNow,
  buildTroubleshooting,
  buildWalkthrough,
} from '../../src/core/teaching';

const v6Hosts = [
  { name: 'left', address: '2001:db8::1' },
  { name: 'right', address: '2001:db8::2' },
];

const gateways = [
  { name: 'a', address: '192.168.1.1', subnets: ['10.1.0.0/16', '10.3.0.0/24'] },
  { name: 'b', address: '192.168.2.1', subnets: ['10.2.0.0/16'] },
];

const linkOf = (input: PlanInput): Promise<Link> => buildLink(planSchema.parse(input));

const allText = (link: Link): string =>
  JSON.stringify([
    buildWalkthrough(link),
    buildTroubleshooting(link),
    buildThenAndNow(link),
    buildNextSteps(link),
  ]);

describe('buildWalkthrough', () => {
  it('follows the article path with this plan: tools, SPD, SAD, keys, apply, tests', async () => {
    const link = await linkOf(PRESETS.article);
    const steps = buildWalkthrough(link);
    expect(steps.map((s) => s.id)).toEqual([
      'kernel-and-tools',
      'spd',
      'sad',
      'keys',
      'apply',
      'test-one-side',
      'test-both',
      'sniff',
      'undo',
    ]);
    for (const step of steps) {
      expect(step.title).not.toBe('');
      expect(step.paragraphs.length).toBeGreaterThan(0);
      expect(step.commands.length).toBeGreaterThan(0);
      for (const c of step.commands) expect(c.command.trim()).not.toBe('');
    }
  });

  it("names this plan's modules, addresses and SPIs in its commands", async () => {
    const link = await linkOf(PRESETS.article);
    const steps = new Map(buildWalkthrough(link).map((s) => [s.id, s]));
    const commands = (id: string) =>
      steps
        .get(id)!
        .commands.map((c) => c.command)
        .join('\n');
    expect(commands('kernel-and-tools')).toContain('modprobe -a ah4 esp4 xfrm_user af_key');
    expect(commands('apply')).toContain('root@192.168.1.100:/root/');
    expect(commands('apply')).toContain('scp b/setkey.conf');
    expect(commands('apply')).toContain('setkey -f /root/setkey.conf');
    expect(commands('test-one-side')).toBe('ping -c 3 192.168.2.100');
    expect(commands('test-both')).toContain('ping -c 3 192.168.1.100');
    expect(commands('sniff')).toContain('tcpdump -n -i IFACE esp or ah');
    const sniff = steps.get('sniff')!.sampleOutput!.text;
    // The article's SPIs as tcpdump prints them: AH outside, ESP inside, 8 hex digits.
    expect(sniff).toContain(
      'IP 192.168.1.100 > 192.168.2.100: AH(spi=0x00000200,seq=0x1,icv=0x…): ESP(spi=0x00000201,seq=0x1), length 104',
    );
    expect(sniff).toContain('IP 192.168.2.100 > 192.168.1.100: AH(spi=0x00000300');
    const sad = steps.get('sad')!.paragraphs.join(' ');
    expect(sad).toContain('SPI 0x201 (513 in decimal)');
    expect(sad).toContain('hmac-sha1 keys have 160 bits and rijndael-cbc keys have 192 bits');
  });

  it("gives the dd | xxd command with this plan's key sizes in bytes", async () => {
    const link = await linkOf(PRESETS.article);
    const keys = buildWalkthrough(link).find((s) => s.id === 'keys')!;
    const commands = keys.commands.map((c) => c.command);
    // hmac-sha1: 160 bits = 20 bytes; rijndael-cbc 192: 24 bytes.
    expect(commands).toContain('dd if=/dev/random count=20 bs=1 2>/dev/null | xxd -ps -c 20');
    expect(commands).toContain('dd if=/dev/random count=24 bs=1 2>/dev/null | xxd -ps -c 24');
    expect(keys.paragraphs.join(' ')).toContain('This plan needs 4 keys of 160 and 192 bits');
    expect(keys.paragraphs.join(' ')).toContain('crypto.getRandomValues');
  });

  it('uses IPv6 modules, ping -6, bracketed scp targets and IP6 tcpdump lines', async () => {
    const link = await linkOf({ hosts: v6Hosts, protocols: 'esp' });
    const steps = buildWalkthrough(link);
    const text = JSON.stringify(steps);
    expect(text).toContain('modprobe -a esp6 xfrm_user af_key');
    expect(text).toContain('root@[2001:db8::2]:/root/');
    expect(text).toContain('ping -6 -c 3 2001:db8::2');
    const esp = link.sas.find((sa) => sa.from === 'left')!;
    const hex = esp.spi.toString(16).padStart(8, '0');
    // AES-CBC: 8 header + 16 IV + 80 padded + 32 ICV of hmac-sha512.
    expect(text).toContain(`IP6 2001:db8::1 > 2001:db8::2: ESP(spi=0x${hex},seq=0x1), length 136`);
  });

  it('shows the readable ICMP inside AH-only traffic and says AH hides nothing', async () => {
    const link = await linkOf({ hosts: PRESETS.article.hosts, protocols: 'ah' });
    const sniff = buildWalkthrough(link).find((s) => s.id === 'sniff')!;
    const text = `${sniff.paragraphs.join('\n')}\n${sniff.sampleOutput!.text}`;
    expect(text).toMatch(/AH\(spi=0x[0-9a-f]{8},seq=0x1,icv=0x…\): ICMP echo request/);
    expect(text).toMatch(/ICMP echo reply/);
    expect(text).toMatch(/does not hide/);
  });

  it('never contains a key', async () => {
    const link = await linkOf(PRESETS.article);
    const text = allText(link);
    for (const sa of link.sas) {
      if (sa.encryption) expect(text).not.toContain(sa.encryption.keyHex);
      if (sa.integrity) expect(text).not.toContain(sa.integrity.keyHex);
    }
  });
});

describe('tunnel plans', () => {
  it('teach forwarding, fwd policies and pings between the networks', async () => {
    const link = await linkOf({ mode: 'tunnel', hosts: gateways });
    const steps = new Map(buildWalkthrough(link).map((s) => [s.id, s]));
    const text = (id: string) => JSON.stringify(steps.get(id));
    expect(text('kernel-and-tools')).toContain('sysctl -w net.ipv4.ip_forward=1');
    expect(text('spd')).toContain('fwd');
    expect(text('apply')).toContain('On gateway b: forward packets');
    const ping = steps.get('test-one-side')!.commands[0]!;
    expect(ping.command).toBe('ping -c 3 10.2.0.10');
    expect(ping.label).toContain('On a machine in 10.1.0.0/16 or 10.3.0.0/24');
    const [out, back] = link.sas;
    // Outer addresses are the gateways; ESP carries the 20-byte inner header too: 8+16+96+32.
    expect(steps.get('sniff')!.sampleOutput!.text).toContain(
      `IP 192.168.1.1 > 192.168.2.1: ESP(spi=0x${out!.spi.toString(16).padStart(8, '0')},seq=0x1), length 152`,
    );
    expect(steps.get('sniff')!.sampleOutput!.text).toContain(
      `IP 192.168.2.1 > 192.168.1.1: ESP(spi=0x${back!.spi.toString(16).padStart(8, '0')}`,
    );
    const trouble = buildTroubleshooting(link).map((e) => e.id);
    expect(trouble).toEqual(expect.arrayContaining(['forwarding-off', 'missing-fwd', 'no-route']));
  });

  it('shows the readable inner packet of an AH tunnel', async () => {
    const link = await linkOf({ mode: 'tunnel', protocols: 'ah', hosts: gateways });
    const sniff = buildWalkthrough(link).find((s) => s.id === 'sniff')!;
    expect(sniff.sampleOutput!.text).toMatch(
      /IP 192\.168\.1\.1 > 192\.168\.2\.1: AH\(spi=0x[0-9a-f]{8},seq=0x1,icv=0x…\): IP 10\.1\.0\.10 > 10\.2\.0\.10: ICMP echo request/,
    );
    expect(sniff.sampleOutput!.text).toMatch(/IP 10\.2\.0\.10 > 10\.1\.0\.10: ICMP echo reply/);
  });

  it('has no tunnel entries for a transport plan', async () => {
    const link = await linkOf(PRESETS.article);
    expect(buildTroubleshooting(link).map((e) => e.id)).not.toContain('forwarding-off');
  });
});

describe('buildTroubleshooting', () => {
  it('covers every symptom the issue lists, with commands', async () => {
    const link = await linkOf(PRESETS.article);
    const entries = buildTroubleshooting(link);
    expect(entries.map((e) => e.id)).toEqual([
      'one-side',
      'swapped-directions',
      'mismatched-spi',
      'mismatched-keys',
      'template-order',
      'sha256-truncation',
      'kernel-modules',
      'firewall',
      'reading-counters',
    ]);
    for (const e of entries) {
      expect([e.symptom, e.cause, e.fix].every((s) => s.length > 20)).toBe(true);
      expect(e.commands.length).toBeGreaterThan(0);
    }
    const text = JSON.stringify(entries);
    for (const counter of [
      'XfrmInNoStates',
      'XfrmInTmplMismatch',
      'XfrmInStateProtoError',
      'XfrmInNoPols',
      'XfrmOutNoStates',
      'XfrmInStateMismatch',
    ]) {
      expect(text).toContain(counter);
    }
    expect(text).toContain('/proc/net/xfrm_stat');
    expect(text).toContain('ip -s xfrm state');
  });

  it("uses this plan's SPI, protocols and peer address", async () => {
    const link = await linkOf(PRESETS.article);
    const entries = new Map(buildTroubleshooting(link).map((e) => [e.id, e]));
    expect(entries.get('mismatched-spi')!.cause).toContain('SPI 0x200 (512 in decimal)');
    const firewall = entries.get('firewall')!;
    expect(firewall.cause).toContain('ESP is IP protocol 50');
    expect(firewall.cause).toContain('AH is IP protocol 51');
    expect(firewall.commands.map((c) => c.command)).toEqual([
      'iptables -I INPUT -p ah -s 192.168.2.100 -j ACCEPT',
      'iptables -I INPUT -p esp -s 192.168.2.100 -j ACCEPT',
    ]);
    const v6 = await linkOf({ hosts: v6Hosts, integrity: { algorithm: 'hmac-sha256' } });
    const v6Entries = new Map(buildTroubleshooting(v6).map((e) => [e.id, e]));
    expect(v6Entries.get('firewall')!.commands[0]!.command).toBe(
      'ip6tables -I INPUT -p esp -s 2001:db8::2 -j ACCEPT',
    );
    expect(v6Entries.get('sha256-truncation')!.cause).toContain('This plan uses hmac-sha256');
    expect(v6Entries.get('kernel-modules')!.commands[0]!.command).toBe(
      'modprobe -a esp6 xfrm_user af_key',
    );
  });
});

describe('then and now', () => {
  it("flags the article's 2006 choices and offers patches that give a valid modern plan", async () => {
    const link = await linkOf(PRESETS.article);
    const notes = buildThenAndNow(link);
    const applying = notes.filter((n) => n.applies).map((n) => n.id);
    expect(applying).toEqual(['ah-with-esp', 'sha1', 'aes-192', 'manual-keys', 'tools']);
    const ahEsp = notes.find((n) => n.id === 'ah-with-esp')!;
    expect(ahEsp.patch).toEqual({ protocols: 'esp', integrity: { algorithm: 'hmac-sha512' } });
    let input: PlanInput = { ...PRESETS.article };
    for (const note of notes)
      if (note.applies && note.patch) input = applyPlanPatch(input, note.patch);
    const modern = await linkOf(input);
    expect(modern.plan.protocols).toBe('esp');
    expect(modern.plan.integrity.algorithm).toBe('hmac-sha512');
    expect(modern.plan.encryption).toEqual({ algorithm: 'rijndael-cbc', keyBits: 256 });
    expect(buildThenAndNow(modern).filter((n) => n.applies && n.patch)).toEqual([]);
    expect(modern.plan.hosts).toEqual(link.plan.hosts);
  });

  it('flags old ciphers like 3DES', async () => {
    const link = await linkOf({ hosts: v6Hosts, encryption: { algorithm: '3des-cbc' } });
    const note = buildThenAndNow(link).find((n) => n.id === 'old-ciphers')!;
    expect(note.applies).toBe(true);
    expect(note.patch).toEqual({ encryption: { algorithm: 'rijndael-cbc', keyBits: 256 } });
  });

  it('points the next steps to what the wizard offers', async () => {
    const steps = buildNextSteps(await linkOf(PRESETS.article));
    expect(steps.map((s) => s.id)).toEqual(['tunnel-mode', 'ike']);
    expect(steps[0]!.paragraphs.join(' ')).toContain('ipsec-wizard writes tunnel mode too');
    const tunnel = buildNextSteps(await linkOf({ mode: 'tunnel', hosts: gateways }));
    expect(tunnel[0]!.paragraphs.join(' ')).toContain('This plan already is such a tunnel');
  });
});
