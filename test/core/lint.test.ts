import fc from 'fast-check';
import { buildLink } from '../../src/core/model';
import { planSchema, PROTOCOLS, LEVELS } from '../../src/core/plan';
import { renderSetkeyConf } from '../../src/core/render/setkey';
import {
  parseSetkeyConf,
  type AddStatement,
  type SpdaddStatement,
} from '../../src/core/setkey/parse';
import { checkMirror, lintSetkeyConf } from '../../src/core/setkey/lint';

const codes = (text: string) =>
  lintSetkeyConf(text).map((f) => `${f.line}:${f.column} ${f.severity} ${f.code}`);
const K160 = '0x' + '11'.repeat(20);
const K256 = '0x' + '22'.repeat(32);
const meta = { toolVersion: '0.1.0', date: '2026-11-28' };

describe('setkey linter', () => {
  it('accepts a hand-written file: comments, several statements per line, decimal SPIs, quoted keys', () => {
    const text = [
      'flush; spdflush; # start clean',
      `add 10.0.0.1 10.0.0.2 esp 4097 -E rijndael-cbc "0123456789abcdef" -A hmac-sha1 ${K160};`,
      'add 10.0.0.2 10.0.0.1 esp 0x1002',
      `    -E rijndael-cbc 0x${'33'.repeat(16)} -A hmac-sha1 0x${'44'.repeat(20)};`,
      'spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;',
      'spdadd 10.0.0.2 10.0.0.1 any -P in ipsec esp/transport//require;',
      '',
    ].join('\n');
    expect(codes(text).filter((c) => c.includes('error'))).toEqual([]);
    expect(codes(text)).toContain('2:70 warning weak-algorithm');
  });

  it.each([
    ['add 10.0.0.1 10.0.0.2 esp 0x100 -E rijndael-cbc 0x1234', '1:55 error missing-semicolon'],
    [`add 10.0.0.1 10.0.0.2 esp 0xff -E rijndael-cbc ${K256};`, '1:27 error reserved-spi'],
    [`add 10.0.0.1 10.0.0.2 esp 0x1ffffffff -E rijndael-cbc ${K256};`, '1:27 error spi-range'],
    [`add 10.0.0.1 10.0.0.2 esp 0x200 -E rot13 ${K256};`, '1:36 error unknown-algorithm'],
    [`add 10.0.0.1 10.0.0.2 esp 0x200 -E rijndael-cbc ${K160};`, '1:49 error key-length'],
    [`add 10.0.0.1 10.0.0.2 esp 0x200 -E rijndael-cbc 0x123;`, '1:49 error key-format'],
    [`add 10.0.0.1 10.0.0.2 esp 0x200 -A hmac-sha1 ${K160};`, '1:1 error esp-without-e'],
    [
      `add 10.0.0.1 10.0.0.2 esp 0x200 -E aes-gcm 0x${'00'.repeat(36)};`,
      '1:36 error forbidden-algorithm',
    ],
    [
      `add 10.0.0.1 10.0.0.2 esp 0x200 -E des-cbc 0x${'00'.repeat(8)};`,
      '1:36 warning weak-algorithm',
    ],
    [`add 10.0.0.1 2001:db8::1 ah 0x200 -A hmac-sha1 ${K160};`, '1:14 error mixed-families'],
    [
      `add 10.0.0.1 10.0.0.2 ah 0x200 -A hmac-sha1 ${K160};\nadd 10.0.0.1 10.0.0.2 ah 512 -A hmac-sha1 0x${'55'.repeat(20)};`,
      '2:26 error duplicate-spi',
    ],
    [
      `add 10.0.0.1 10.0.0.2 ah 0x200 -A hmac-sha1 ${K160};\nadd 10.0.0.1 10.0.0.3 ah 0x300 -A hmac-sha1 ${K160};`,
      '2:45 warning key-reuse',
    ],
    [
      `add 10.0.0.1 10.0.0.2 ah 0x200 -A hmac-sha1 ${K160};\nadd 10.0.0.2 10.0.0.1 ah 0x300 -A hmac-sha1 ${K160};`,
      '2:45 warning key-both-directions',
    ],
    [
      'spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;',
      '1:43 error policy-without-sa',
    ],
    ['spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//use;', '1:43 warning level-use'],
    [
      'spdadd 10.0.0.0/24 10.0.1.0/24 any -P out ipsec esp/tunnel//require;',
      '1:49 error tunnel-endpoints',
    ],
    [`flush;\r\n`, '1:7 error crlf'],
    ['frobnicate;', '1:1 error syntax'],
  ])('reports %j as %s', (text, expected) => {
    expect(codes(text)).toContain(expected);
  });

  it('never throws on garbage and reports every failure as a finding', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const findings = lintSetkeyConf(text);
        for (const f of findings) expect(f.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});

const hostsArb = fc
  .integer({ min: 2, max: 5 })
  .chain((n) => fc.tuple(fc.constant(n), fc.boolean()))
  .map(([n, v6]) =>
    Array.from({ length: n }, (_, i) => ({
      name: `h${i}`,
      address: v6 ? `2001:db8::${i + 1}` : `10.0.${i}.1`,
    })),
  );
const planArb = fc
  .record({
    hosts: hostsArb,
    protocols: fc.constantFrom(...PROTOCOLS),
    encryption: fc.constantFrom(
      { algorithm: 'rijndael-cbc', keyBits: 128 },
      { algorithm: 'rijndael-cbc', keyBits: 256 },
      { algorithm: 'twofish-cbc', keyBits: 192 },
      { algorithm: 'null' },
      { algorithm: '3des-cbc' },
    ),
    integrity: fc.constantFrom(
      ...['hmac-sha512', 'hmac-sha256', 'hmac-sha1', 'hmac-md5', 'aes-xcbc-mac'].map(
        (algorithm) => ({
          algorithm,
        }),
      ),
    ),
    level: fc.constantFrom(...LEVELS),
    spi: fc.constantFrom({ strategy: 'random' as const }, { strategy: 'article' as const }),
  })
  .filter((input) => planSchema.safeParse(input).success);

describe('parse(render(plan))', () => {
  it('gives back the same SAs and policies, lints clean of errors, and mirrors between hosts', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (input) => {
        const plan = planSchema.parse(input);
        const link = await buildLink(plan);
        const parsedHosts = link.hosts.map((host) => {
          const text = renderSetkeyConf(link, host, meta);
          expect(lintSetkeyConf(text).filter((f) => f.severity === 'error')).toEqual([]);
          const parsed = parseSetkeyConf(text);
          const adds = parsed.statements.filter((s): s is AddStatement => s.kind === 'add');
          // setkey.conf groups SAs by protocol, so compare them as sets.
          const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
          expect(
            sorted(
              adds.map((a) => [
                a.src.text,
                a.dst.text,
                a.protocol.text,
                a.spiValue,
                a.encryption?.key?.text ?? null,
                a.integrity?.key?.text ?? null,
              ]),
            ),
          ).toEqual(
            sorted(
              host.sas.map((sa) => [
                sa.src,
                sa.dst,
                sa.protocol,
                sa.spi,
                sa.encryption ? (sa.encryption.keyHex ? `0x${sa.encryption.keyHex}` : '""') : null,
                sa.integrity ? `0x${sa.integrity.keyHex}` : null,
              ]),
            ),
          );
          const spds = parsed.statements.filter((s): s is SpdaddStatement => s.kind === 'spdadd');
          expect(
            spds.map((p) => [
              p.src.text,
              p.dst.text,
              p.direction.text,
              p.rules.map((r) => `${r.protocol}/${r.level}`),
            ]),
          ).toEqual(
            host.policies.map((p) => [
              p.src,
              p.dst,
              p.direction,
              // Level unique carries the pair's request id: unique:N.
              p.templates.map(
                (t) => `${t.protocol}/${t.level}${t.reqid === undefined ? '' : `:${t.reqid}`}`,
              ),
            ]),
          );
          return parsed;
        });
        if (parsedHosts.length === 2) {
          expect(checkMirror(parsedHosts[0]!, parsedHosts[1]!)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('points at the first line that does not mirror', () => {
    const a = parseSetkeyConf(
      `add 10.0.0.1 10.0.0.2 ah 0x200 -A hmac-sha1 ${K160};\nspdadd 10.0.0.1 10.0.0.2 any -P out ipsec ah/transport//require;`,
    );
    const b = parseSetkeyConf(
      `add 10.0.0.1 10.0.0.2 ah 0x200 -A hmac-sha1 ${K160};\nspdadd 10.0.0.1 10.0.0.2 any -P out ipsec ah/transport//require;`,
    );
    expect(checkMirror(a, b).map((f) => `${f.line} ${f.code}`)).toEqual(['2 mirror-policy']);
  });
});
