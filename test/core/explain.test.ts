import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  explainFile,
  explainLine,
  findStatementStart,
  type ExplainFormat,
  type TokenKind,
} from '../../src/core/explain';
import { renderSetkeyConf } from '../../src/core/render/setkey';
import { renderXfrmUp } from '../../src/core/render/xfrm';
import { buildLink } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { articleLink, gateways4, generatedFiles, meta } from './explain-fixtures';

const problems = (format: ExplainFormat, line: string, context = {}): string[] => {
  const e = explainLine(format, line, context);
  const found: string[] = [];
  if (line.trim() === '') return found;
  if (e.summary.trim() === '' || e.summary.includes('Not recognised')) {
    found.push(`summary "${e.summary}"`);
  }
  if (e.tokens.length === 0) found.push('no tokens');
  for (const t of e.tokens) {
    if (t.kind === 'unknown') found.push(`unknown token "${t.text}": ${t.explanation}`);
    if (t.explanation.trim() === '') found.push(`empty explanation for "${t.text}"`);
    if (line.slice(t.start, t.end) !== t.text) found.push(`offsets of "${t.text}" are wrong`);
  }
  // Every visible character belongs to some token: nothing on the line goes unexplained.
  [...line].forEach((ch, i) => {
    if (/\S/.test(ch) && !e.tokens.some((t) => t.start <= i && i < t.end)) {
      found.push(`character ${i} ("${ch}") is in no token`);
    }
  });
  return found;
};

describe('explainLine over every generated file', () => {
  it('explains every token of every line of every format, with and without the link', async () => {
    const files = await generatedFiles();
    expect(files.length).toBeGreaterThan(150);
    const failures: string[] = [];
    const kinds = new Map<ExplainFormat, Set<TokenKind>>();
    for (const file of files) {
      const seen = kinds.get(file.format) ?? new Set<TokenKind>();
      kinds.set(file.format, seen);
      for (const line of file.text.split('\n')) {
        for (const context of [{ link: file.link, hostName: file.host }, {}]) {
          for (const p of problems(file.format, line, context)) {
            failures.push(`${file.plan} ${file.host} ${file.format}: ${line}\n  ${p}`);
          }
        }
        for (const t of explainLine(file.format, line, { link: file.link }).tokens)
          seen.add(t.kind);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    const setkeyKinds: TokenKind[] = [
      'shebang',
      'flag',
      'comment',
      'command',
      'terminator',
      'address',
      'ipsec-protocol',
      'spi',
      'encryption-algorithm',
      'integrity-algorithm',
      'key',
      'upper-protocol',
      'direction',
      'action',
      'template',
    ];
    const upKinds: TokenKind[] = [
      'shebang',
      'comment',
      'shell',
      'flag',
      'command',
      'keyword',
      'address',
      'ipsec-protocol',
      'spi',
      'mode',
      'encryption-algorithm',
      'integrity-algorithm',
      'key',
      'icv-bits',
      'upper-protocol',
      'direction',
      'level',
    ];
    expect([...(kinds.get('setkey') ?? [])].sort()).toEqual(expect.arrayContaining(setkeyKinds));
    expect([...(kinds.get('xfrm-up') ?? [])].sort()).toEqual(expect.arrayContaining(upKinds));
    expect([...(kinds.get('xfrm-down') ?? [])]).toEqual(
      expect.arrayContaining([
        'shebang',
        'comment',
        'keyword',
        'address',
        'spi',
        'direction',
        'shell',
      ]),
    );
  });
});

describe('explainLine specifics', () => {
  it('gives the SPI in hex and decimal and says why it must be unique', async () => {
    const link = await articleLink();
    const e = explainLine(
      'setkey',
      'add 192.168.1.100 192.168.2.100 esp 0x201 -E rijndael-cbc 0x' + 'ab'.repeat(24) + ';',
      { link, hostName: 'a' },
    );
    const spi = e.tokens.find((t) => t.kind === 'spi');
    expect(spi?.text).toBe('0x201');
    expect(spi?.explanation).toContain('0x201');
    expect(spi?.explanation).toContain('513');
    expect(spi?.explanation).toMatch(/unique/);
    expect(e.sender).toBe('a');
    expect(e.receiver).toBe('b');
    expect(e.summary).toContain(
      'Host a sends with it and host b receives with it (outbound on this host)',
    );
  });

  it('names sender and receiver of an ip xfrm state line, seen from the receiving host', async () => {
    const link = await articleLink();
    const e = explainLine(
      'xfrm-up',
      "ip xfrm state add src 192.168.2.100 dst 192.168.1.100 proto ah spi 0x300 mode transport auth-trunc 'hmac(sha1)' 0x" +
        '12'.repeat(20) +
        ' 96',
      { link, hostName: 'a' },
    );
    expect([e.sender, e.receiver]).toEqual(['b', 'a']);
    expect(e.summary).toContain('(inbound on this host)');
    expect(e.tokens.find((t) => t.kind === 'spi')?.explanation).toContain('768 in decimal');
  });

  it("states the algorithm's key bits in the key explanation, and flags a wrong length", () => {
    const good = explainLine(
      'setkey',
      `add 10.0.0.1 10.0.0.2 ah 0x300 -A hmac-sha1 0x${'cd'.repeat(20)};`,
    );
    expect(good.tokens.find((t) => t.kind === 'key')?.explanation).toMatch(/160 bits/);
    const enc = explainLine(
      'setkey',
      `add 10.0.0.1 10.0.0.2 esp 0x301 -E rijndael-cbc 0x${'cd'.repeat(24)};`,
    );
    const key = enc.tokens.find((t) => t.kind === 'key')?.explanation ?? '';
    expect(key).toContain('192 bits');
    expect(key).toContain('128, 192, 256');
    const short = explainLine(
      'setkey',
      `add 10.0.0.1 10.0.0.2 ah 0x300 -A hmac-sha1 0x${'cd'.repeat(16)};`,
    );
    expect(short.tokens.find((t) => t.kind === 'key')?.explanation).toMatch(/Warning: 128 bits/);
  });

  it('explains the hmac-sha256 ICV difference between setkey and ip xfrm', () => {
    const line = (bits: number) =>
      `ip xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x400 mode transport enc 'cbc(aes)' 0x${'00'.repeat(32)} auth-trunc 'hmac(sha256)' 0x${'11'.repeat(32)} ${bits}`;
    const icv = (bits: number) =>
      explainLine('xfrm-up', line(bits)).tokens.find((t) => t.kind === 'icv-bits')?.explanation;
    expect(icv(96)).toMatch(/setkey/);
    expect(icv(128)).toMatch(/RFC 4868.*would not interoperate/);
    const setkey = explainLine(
      'setkey',
      `add 10.0.0.1 10.0.0.2 ah 0x400 -A hmac-sha256 0x${'11'.repeat(32)};`,
    );
    expect(setkey.tokens.find((t) => t.kind === 'integrity-algorithm')?.explanation).toMatch(/96/);
  });

  it('names the host holding the mirrored policy, in both formats', async () => {
    const link = await articleLink();
    const host = link.hosts[0]!;
    const setkeyDir = explainLine('setkey', 'spdadd 192.168.1.100 192.168.2.100 any -P out ipsec', {
      link,
      hostName: host.name,
    }).tokens.find((t) => t.kind === 'direction');
    expect(setkeyDir?.explanation).toContain(
      'b (192.168.2.100) needs the same addresses with -P in',
    );
    const up = renderXfrmUp(link, host, meta)
      .split('\n')
      .find((l) => l.includes('dir in tmpl'))!;
    const xfrmDir = explainLine('xfrm-up', up, { link }).tokens.find((t) => t.kind === 'direction');
    expect(xfrmDir?.explanation).toContain(
      'b (192.168.2.100) needs the same addresses with dir out',
    );
  });

  it('explains the template order and the level of a rule', async () => {
    const link = await articleLink();
    const e = explainLine('setkey', '           esp/transport//require', { link });
    const rule = e.tokens[0];
    expect(rule?.kind).toBe('template');
    expect(rule?.explanation).toMatch(/IP \| AH \| ESP \| payload/);
    expect(rule?.explanation).toMatch(/esp then ah/);
    expect(rule?.explanation).toMatch(/must be protected/);
  });

  it('explains hand-written setkey.conf lines with no link', () => {
    const lines = [
      'flush esp;',
      'flush; spdflush; # start clean',
      'add -4n 10.1.1.1 10.2.2.2 esp 4096 -m transport -u 7 -r 32 -E 3des-cbc "abcdefghijklmnopqrstuvwx" -A hmac-md5 0x00112233445566778899aabbccddeeff;',
      'add gw.example.net 10.2.2.2 ah 0x1000 -lh 3600 -ls 3000 -A aes-xcbc-mac 0x00112233445566778899aabbccddeeff;',
      'add 10.1.1.1 10.2.2.2 esp 0x1001 -E null "" -A hmac-sha512 0x' + '00'.repeat(64) + ';',
      'add 10.1.1.1 10.2.2.2 ipcomp 0x1002 -C deflate;',
      'spdadd 10.1.0.0/16[any] 10.2.0.0/16[22] tcp -P fwd prio 10 ipsec esp/tunnel/10.1.1.1-10.2.2.2/unique:3;',
      'spdadd -6 2001:db8::/64 2001:db8:1::/64 any -P in none;',
      'spdadd 10.1.1.1 10.2.2.2 gre -P out discard;',
      '  -P out ipsec',
      '  ah/transport//use ;',
      '  esp/transport//default',
      ';',
    ];
    const failures = lines.flatMap((line) => problems('setkey', line).map((p) => `${line}: ${p}`));
    expect(failures).toEqual([]);
    const tunnel = explainLine('setkey', lines[6]!);
    expect(tunnel.summary).toMatch(/fwd; its rule says how they are protected\.$/);
    expect(tunnel.tokens.find((t) => t.kind === 'direction')?.explanation).toMatch(/^fwd/);
    expect(tunnel.tokens.find((t) => t.kind === 'template')?.explanation).toMatch(
      /The tunnel runs from 10.1.1.1 to 10.2.2.2/,
    );
    expect(
      tunnel.tokens
        .filter((t) => t.kind === 'address')
        .map((t) => t.explanation)
        .join(' '),
    ).toMatch(/whole network/);
  });

  it('explains ip xfrm flush and hand-written policies', () => {
    for (const line of [
      'ip xfrm state flush',
      'ip xfrm policy flush',
      'ip xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir fwd priority 100 tmpl src 10.1.1.1 dst 10.2.2.2 proto esp reqid 3 mode tunnel level use',
      "ip xfrm state add src 10.1.1.1 dst 10.2.2.2 proto esp spi 4096 reqid 3 replay-window 32 mode tunnel auth 'hmac(sha1)' 0x" +
        'aa'.repeat(20) +
        " enc 'cbc(aes)' 0x" +
        'bb'.repeat(16) +
        ' # tunnel SA',
    ]) {
      expect(problems('xfrm-up', line)).toEqual([]);
    }
    expect(explainLine('xfrm-up', 'ip xfrm state flush').summary).toMatch(/^Empties the SAD/);
    expect(explainLine('xfrm-up', 'ip xfrm policy flush').summary).toMatch(/^Empties the SPD/);
  });

  it('marks what it cannot read as unknown with an honest explanation', () => {
    const e = explainLine('setkey', 'add 10.0.0.1 10.0.0.2 esp 0x300 -E rot13 0x00 -Z;');
    const unknown = e.tokens.filter((t) => t.kind === 'unknown');
    expect(unknown.map((t) => t.text)).toEqual(['rot13', '-Z']);
    expect(unknown[0]?.explanation).toMatch(/^Not recognised/);
    expect(explainLine('setkey', 'frobnicate now;').summary).toMatch(/^Not recognised/);
    const shell = explainLine('xfrm-up', 'rm -rf /tmp/x');
    expect(shell.tokens.every((t) => t.kind === 'unknown')).toBe(true);
    expect(explainLine('xfrm-up', 'ip route add default via 10.0.0.1').summary).toMatch(
      /cannot explain/,
    );
  });

  it('never throws and keeps token offsets inside the line, whatever the input', () => {
    const formats: ExplainFormat[] = ['setkey', 'xfrm-up', 'xfrm-down'];
    fc.assert(
      fc.property(fc.constantFrom(...formats), fc.string({ maxLength: 80 }), (format, line) => {
        const e = explainLine(format, line);
        return e.tokens.every((t) => t.start >= 0 && t.end <= line.length && t.start < t.end);
      }),
      { numRuns: 500 },
    );
  });

  it('never repeats a key in any explanation', async () => {
    const link = await articleLink();
    const text = renderSetkeyConf(link, link.hosts[0]!, meta);
    const key = link.sas[0]!.integrity!.keyHex;
    const all = text
      .split('\n')
      .map((l) => explainLine('setkey', l, { link }))
      .flatMap((e) => [e.summary, ...e.tokens.map((t) => t.explanation)]);
    expect(all.some((s) => s.includes(key))).toBe(false);
  });
});

describe('explainFile', () => {
  it('tells a continuation line which policy it belongs to', async () => {
    const link = await articleLink();
    const text = renderSetkeyConf(link, link.hosts[0]!, meta);
    const lines = text.split('\n');
    const explained = explainFile('setkey', text, { link, hostName: 'a' });
    expect(explained).toHaveLength(lines.length - 1);
    const firstRule = lines.findIndex((l) => l.trim() === 'esp/transport//require');
    expect(findStatementStart('setkey', lines, firstRule)).toBe(
      'spdadd 192.168.1.100 192.168.2.100 any -P out ipsec',
    );
    expect(explained[firstRule]?.summary).toBe(
      'Continues the outbound policy for any packets from host a (192.168.1.100) to host b (192.168.2.100) with a rule saying how its packets are protected.',
    );
    const secondPolicyRule = lines.findLastIndex((l) => l.trim() === 'ah/transport//require;');
    expect(explained[secondPolicyRule]?.summary).toContain(
      'the inbound policy for any packets from host b',
    );
    // Lines that start their own statement have no start to look back to.
    expect(findStatementStart('setkey', lines, lines.indexOf('flush;'))).toBeUndefined();
    expect(findStatementStart('xfrm-up', lines, firstRule)).toBeUndefined();
  });
});

describe('tunnel mode lines', () => {
  const tunnelLink = () =>
    buildLink(planSchema.parse({ mode: 'tunnel', level: 'unique', hosts: gateways4 }));

  it('names the networks and gateways of a tunnel policy and its mirror', async () => {
    const link = await tunnelLink();
    const e = explainLine('setkey', 'spdadd 10.3.0.0/24 10.2.0.0/16 any -P out ipsec', {
      link,
      hostName: 'a',
    });
    expect(e.summary).toContain(
      'from network 10.3.0.0/24 behind gateway a to network 10.2.0.0/16 behind gateway b, outbound: host a sends them',
    );
    expect(e.tokens.find((t) => t.kind === 'direction')?.explanation).toContain(
      'host b (192.168.2.1) needs the same addresses with -P in',
    );
    const rule = explainLine('setkey', '  esp/tunnel/192.168.1.1-192.168.2.1/unique:1;', { link });
    expect(rule.tokens[0]?.explanation).toContain(
      'The tunnel runs from host a (192.168.1.1) to host b (192.168.2.1)',
    );
    expect(rule.tokens[0]?.explanation).toContain('only SAs added with -u 1 may serve this rule');
  });

  it('explains fwd differently for setkey and ip xfrm', async () => {
    const link = await tunnelLink();
    const setkey = explainLine('setkey', 'spdadd 10.2.0.0/16 10.1.0.0/16 any -P fwd ipsec', {
      link,
    });
    expect(setkey.tokens.find((t) => t.kind === 'direction')?.explanation).toMatch(
      /setkey on Linux creates one by itself/,
    );
    const up = renderXfrmUp(link, link.hosts[0]!, meta).split('\n');
    const fwd = explainLine(
      'xfrm-up',
      up.find((l) => l.includes(' dir fwd tmpl'))!,
      { link },
    );
    expect(fwd.tokens.find((t) => t.kind === 'direction')?.explanation).toMatch(
      /ip xfrm does not create it by itself.*drops the decrypted packets/,
    );
    expect(fwd.summary).toContain('forwarded by this gateway');
  });

  it('explains the forwarding and route checks of a gateway script', async () => {
    const link = await tunnelLink();
    const up = renderXfrmUp(link, link.hosts[0]!, meta).split('\n');
    const check = explainLine(
      'xfrm-up',
      up.find((l) => l.startsWith('if '))!,
      { link },
    );
    expect(check.summary).toMatch(/^Checks whether this gateway forwards IPv4 packets/);
    expect(check.tokens.map((t) => t.text)).toContain(';');
    const route = explainLine(
      'xfrm-up',
      up.find((l) => l.startsWith('ip route get'))!,
      { link },
    );
    expect(route.summary).toMatch(/route towards .*10\.2\.0\.0.*If not, it prints a warning/);
    expect(route.tokens.filter((t) => t.kind === 'unknown')).toEqual([]);
  });
});

describe('hand-written setkey.conf files (the linter corpus)', () => {
  const dir = join(__dirname, '../fixtures/setkey');
  const files = readdirSync(dir).filter((f) => f.endsWith('.conf'));

  it('explains every token of every good file, statements spanning lines included', () => {
    const good = files.filter((f) => f.startsWith('good-'));
    expect(good.length).toBeGreaterThan(5);
    const failures = good.flatMap((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const lines = text.split('\n');
      return explainFile('setkey', text).flatMap((e, i) =>
        e.tokens
          .filter((t) => t.kind === 'unknown' || t.explanation === '')
          .map((t) => `${name}:${i + 1}: "${t.text}" in ${lines[i]}`),
      );
    });
    expect(failures).toEqual([]);
  });

  it('names the SA a continuation line belongs to', () => {
    const text = readFileSync(join(dir, 'good-multiline-comments.conf'), 'utf8');
    const lines = text.split('\n');
    const explained = explainFile('setkey', text);
    const keyLine = lines.findIndex((l) => l.trim().startsWith('-E rijndael-cbc'));
    expect(explained[keyLine]?.summary).toMatch(
      /^Continues the statement begun above\. Adds the ESP SA for packets from 10\.7\.0\.1 to 10\.7\.0\.2 with SPI 0x7001\./,
    );
    expect(explained[keyLine]?.tokens.map((t) => t.kind)).toEqual([
      'flag',
      'encryption-algorithm',
      'key',
      'comment',
    ]);
    const rule = lines.findIndex((l) => l.trim() === 'esp/transport//require;');
    expect(explained[rule]?.summary).toMatch(
      /^Continues the outbound policy for any packets from 10\.7\.0\.1/,
    );
  });

  it('never throws on the bad files and marks what it cannot read', () => {
    for (const name of files.filter((f) => f.startsWith('bad-'))) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(() => explainFile('setkey', text)).not.toThrow();
    }
    const unknown = explainFile(
      'setkey',
      readFileSync(join(dir, 'bad-unknown-algorithm.conf'), 'utf8'),
    ).flatMap((e) => e.tokens.filter((t) => t.kind === 'unknown').map((t) => t.text));
    expect(unknown).toEqual(['aes256', 'hmac-whirlpool']);
  });
});
