import { readFileSync } from 'node:fs';
import { applyFixes, FINDING_RULES } from '../../src/core/setkey/findings';
import { applyAllFixes, checkMirror, lintSetkeyConf } from '../../src/core/setkey/lint';
import { MAX_INPUT_BYTES, parseSetkeyConf } from '../../src/core/setkey/parse';

const K160 = '0x' + '11'.repeat(20);
const K256 = '0x' + '22'.repeat(32);
const K512 = '0x' + '33'.repeat(64);
const K512b = '0x' + '44'.repeat(64);
const K256b = '0x' + '55'.repeat(32);

/** A clean ESP pair for host 10.0.0.1; tests break one thing at a time. */
const clean = [
  'flush;',
  'spdflush;',
  `add 10.0.0.1 10.0.0.2 esp 0x1001 -E rijndael-cbc ${K256} -A hmac-sha512 ${K512};`,
  `add 10.0.0.2 10.0.0.1 esp 0x1002 -E rijndael-cbc ${K256b} -A hmac-sha512 ${K512b};`,
  'spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;',
  'spdadd 10.0.0.2 10.0.0.1 any -P in ipsec esp/transport//require;',
  '',
].join('\n');

const codesOf = (text: string) => lintSetkeyConf(text).map((f) => f.code);

describe('hints and mechanical fixes', () => {
  it('the clean file has no findings', () => {
    expect(lintSetkeyConf(clean)).toEqual([]);
  });

  it('every finding code has a one-sentence hint', () => {
    for (const [code, rule] of Object.entries(FINDING_RULES)) {
      expect(rule.hint, code).toMatch(/^[A-Z].*[.]$/);
      expect(rule.hint.length, code).toBeLessThan(160);
    }
  });

  it.each([
    ['crlf', clean.replace(/\n/g, '\r\n')],
    ['missing-semicolon', clean.replace('spdflush;', 'spdflush')],
    ['missing-semicolon', clean.trimEnd().replace(/;$/, '')],
    ['level-use', clean.replace('esp/transport//require;\nspdadd', 'esp/transport//use;\nspdadd')],
    ['unknown-algorithm', clean.replace('-A hmac-sha512', '-A hmac-sha2-512')],
    ['unknown-algorithm', clean.replace('-E rijndael-cbc', '-E AES256')],
    ['unknown-algorithm', clean.replace('-E rijndael-cbc', '-E cbc(aes)')],
    [
      'option-order',
      clean.replace(
        `-E rijndael-cbc ${K256} -A hmac-sha512 ${K512}`,
        `-A hmac-sha512 ${K512} -E rijndael-cbc ${K256}`,
      ),
    ],
  ])('fixes %s mechanically: after the fix the file is clean', (code, broken) => {
    const findings = lintSetkeyConf(broken);
    const finding = findings.find((f) => f.code === code);
    expect(finding?.fix, code).toBeDefined();
    const fixed = applyFixes(broken, findings);
    expect(fixed).toBe(clean.replace(/\n$/, broken.endsWith('\n') ? '\n' : ''));
    expect(lintSetkeyConf(fixed)).toEqual([]);
  });

  it("writes the SAs' request id into a bare unique rule", () => {
    const text = readFileSync(
      new URL('../fixtures/setkey/bad-unique-without-reqid.conf', import.meta.url),
      'utf8',
    );
    const fixed = applyFixes(text, lintSetkeyConf(text));
    expect(fixed).toContain('esp/transport//unique:7;');
    expect(lintSetkeyConf(fixed)).toEqual([]);
  });

  it('replaces look-alike characters pasted from web pages (BOM, no-break space, en dash)', () => {
    const fixtures = new URL('../fixtures/setkey/', import.meta.url);
    const text = readFileSync(new URL('bad-lookalike-character.conf', fixtures), 'utf8');
    const finding = lintSetkeyConf(text)[0];
    expect(finding?.code).toBe('lookalike-character');
    expect(finding?.message).toMatch(/byte order mark \(U\+FEFF\) \(and 2 more such characters\)/);
    expect(applyFixes(text, lintSetkeyConf(text))).toBe(
      readFileSync(new URL('good-modern-host-a.conf', fixtures), 'utf8'),
    );
  });

  it('puts an SA used by a tunnel rule into tunnel mode', () => {
    const text = readFileSync(
      new URL('../fixtures/setkey/bad-sa-mode-mismatch.conf', import.meta.url),
      'utf8',
    );
    const fixed = applyFixes(text, lintSetkeyConf(text));
    expect(fixed.match(/-m tunnel -E/g)).toHaveLength(2);
    expect(lintSetkeyConf(fixed)).toEqual([]);
  });

  it('turns ESP with -A only into integrity-only ESP, and removes -E from AH', () => {
    const esp = `add 10.0.0.1 10.0.0.2 esp 0x1001 -A hmac-sha512 ${K512};`;
    expect(applyFixes(esp, lintSetkeyConf(esp))).toBe(
      `add 10.0.0.1 10.0.0.2 esp 0x1001 -E null "" -A hmac-sha512 ${K512};`,
    );
    const ah = `add 10.0.0.1 10.0.0.2 ah 0x1001 -E rijndael-cbc ${K256} -A hmac-sha512 ${K512};`;
    expect(applyFixes(ah, lintSetkeyConf(ah))).toBe(
      `add 10.0.0.1 10.0.0.2 ah 0x1001 -A hmac-sha512 ${K512};`,
    );
  });

  it.each([
    ['key-length', clean.replace(K256, K160)],
    ['key-format', clean.replace(K256, K256 + 'a')],
    ['reserved-spi', clean.replace('0x1001', '0x10')],
    [
      'duplicate-spi',
      clean.replace('add 10.0.0.2 10.0.0.1 esp 0x1002', 'add 10.0.0.3 10.0.0.2 esp 0x1001'),
    ],
    ['weak-algorithm', clean.replace(`hmac-sha512 ${K512}`, `hmac-sha1 ${K160}`)],
    ['sha256-truncation', clean.replace(`hmac-sha512 ${K512}`, `hmac-sha256 ${K256}`)],
  ])('offers no automatic fix for %s, only a hint', (code, broken) => {
    const finding = lintSetkeyConf(broken).find((f) => f.code === code);
    expect(finding, code).toBeDefined();
    expect(finding?.fix).toBeUndefined();
    expect(finding?.hint.length).toBeGreaterThan(20);
  });

  it('says a wrong key length needs a new key, not padding', () => {
    const finding = lintSetkeyConf(clean.replace(K256, K160)).find((f) => f.code === 'key-length');
    expect(finding?.hint).toMatch(/not a fix.*openssl rand -hex 32/);
  });

  it('does not offer a fix for a name it cannot map', () => {
    const finding = lintSetkeyConf(clean.replace('-E rijndael-cbc', '-E rot13')).find(
      (f) => f.code === 'unknown-algorithm',
    );
    expect(finding?.fix).toBeUndefined();
    const swapped = lintSetkeyConf(clean.replace('-E rijndael-cbc', '-E hmac-sha1'));
    expect(swapped.find((f) => f.code === 'unknown-algorithm')?.message).toMatch(
      /integrity algorithm: it cannot follow -E/,
    );
  });

  it('reports an SA no policy uses, and a tunnel SA used through its gateways', () => {
    const noPolicy = clean.replace(/spdadd 10\.0\.0\.2.*\n/, '');
    expect(lintSetkeyConf(noPolicy).map((f) => `${f.line} ${f.code}`)).toEqual(['4 unused-sa']);
    const tunnel = [
      `add 192.0.2.1 192.0.2.2 esp 0x1001 -m tunnel -E rijndael-cbc ${K256} -A hmac-sha512 ${K512};`,
      `add 192.0.2.2 192.0.2.1 esp 0x1002 -m tunnel -E rijndael-cbc ${K256b} -A hmac-sha512 ${K512b};`,
      'spdadd 10.1.0.0/24 10.2.0.0/24 any -P out ipsec esp/tunnel/192.0.2.1-192.0.2.2/require;',
      'spdadd 10.2.0.0/24 10.1.0.0/24 any -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/require;',
    ].join('\n');
    expect(lintSetkeyConf(tunnel)).toEqual([]);
  });
});

describe('input guards', () => {
  it('lints a file just under 1 MiB (1500 host pairs) quickly and cleanly', () => {
    const hex = (bytes: number, n: number, salt: number) =>
      (n * 4 + salt)
        .toString(16)
        .padStart(8, '0')
        .repeat(bytes / 4);
    const lines = ['flush;', 'spdflush;'];
    for (let n = 0; lines.join('\n').length < 1_000_000 - 1000; n++) {
      const a = `10.${(n >> 8) & 255}.${n & 255}.1`;
      const b = `10.${(n >> 8) & 255}.${n & 255}.2`;
      lines.push(
        `add ${a} ${b} esp ${0x1000 + 2 * n} -E rijndael-cbc 0x${hex(32, n, 0)} -A hmac-sha512 0x${hex(64, n, 1)};`,
        `add ${b} ${a} esp ${0x1001 + 2 * n} -E rijndael-cbc 0x${hex(32, n, 2)} -A hmac-sha512 0x${hex(64, n, 3)};`,
        `spdadd ${a} ${b} any -P out ipsec esp/transport//require;`,
        `spdadd ${b} ${a} any -P in ipsec esp/transport//require;`,
      );
    }
    const text = lines.join('\n');
    const started = performance.now();
    const findings = lintSetkeyConf(text);
    // Generous for a shared CPU; the point is linear, not quadratic (which took over 30 s).
    expect(performance.now() - started).toBeLessThan(8000);
    expect(findings).toEqual([]);
  });

  it('refuses input over 1 MiB with one finding, without parsing it', () => {
    const big = '# padding\n'.repeat(MAX_INPUT_BYTES / 10 + 1);
    const parsed = parseSetkeyConf(big);
    expect(parsed.statements).toEqual([]);
    expect(parsed.findings.map((f) => `${f.line}:${f.column} ${f.code}`)).toEqual([
      '1:1 input-too-large',
    ]);
  });

  it('counts bytes, not characters', () => {
    const multiByte = '#' + 'é'.repeat(MAX_INPUT_BYTES / 2);
    expect(codesOf(multiByte)).toEqual(['input-too-large']);
  });

  it('refuses NUL and other control bytes, and undecodable bytes, at their position', () => {
    expect(
      lintSetkeyConf('flush;\nspd\u0000flush;').map((f) => `${f.line}:${f.column} ${f.code}`),
    ).toEqual(['2:4 binary-input']);
    expect(codesOf('flush;\u0007')).toEqual(['binary-input']);
    expect(codesOf('\ufffd\ufffdPNG')).toEqual(['binary-input']);
    // Tabs, form feeds and non-ASCII comments are text.
    expect(codesOf('flush;\t\f# Grüße\n')).toEqual([]);
  });
});

describe('mirror check', () => {
  const peer = clean
    .replace('-P out', '-P TMP')
    .replace('-P in', '-P out')
    .replace('-P TMP', '-P in');

  it('passes when the peer mirrors the file', () => {
    expect(checkMirror(parseSetkeyConf(clean), parseSetkeyConf(peer))).toEqual([]);
  });

  it('points at the first line that differs and names the difference', () => {
    const otherKey = peer.replace(K256b, '0x' + '66'.repeat(32));
    const found = checkMirror(parseSetkeyConf(clean), parseSetkeyConf(otherKey));
    expect(found.map((f) => `${f.line} ${f.code}`)).toEqual(['4 mirror-sa']);
    expect(found[0]?.message).toMatch(
      /its line 4 has this esp SA 10.0.0.2 -> 10.0.0.1 with a different encryption key/,
    );
    const otherSpi = peer.replace('0x1001', '0x1003');
    expect(checkMirror(parseSetkeyConf(clean), parseSetkeyConf(otherSpi))[0]?.message).toMatch(
      /with SPI 0x1003 instead of 0x1001/,
    );
    const notMirrored = clean;
    expect(
      checkMirror(parseSetkeyConf(clean), parseSetkeyConf(notMirrored)).map(
        (f) => `${f.line} ${f.code}`,
      ),
    ).toEqual(['5 mirror-policy', '6 mirror-policy']);
  });
});

describe('applyAllFixes', () => {
  const corpus = new URL('../fixtures/setkey/', import.meta.url);
  const fixable = [
    'bad-level-use',
    'bad-missing-semicolon',
    'bad-crlf',
    'bad-unique-without-reqid',
    'bad-option-order',
  ];

  it('leaves no fixable finding in the fixable corpus files, and a second call changes nothing', () => {
    for (const name of fixable) {
      const text = readFileSync(new URL(`${name}.conf`, corpus), 'utf8');
      expect(
        lintSetkeyConf(text).some((f) => f.fix),
        name,
      ).toBe(true);
      const fixed = applyAllFixes(text);
      expect(fixed, name).not.toBe(text);
      expect(
        lintSetkeyConf(fixed).filter((f) => f.fix),
        name,
      ).toEqual([]);
      expect(applyAllFixes(fixed), name).toBe(fixed);
    }
  });

  it('returns a clean file unchanged', () => {
    expect(applyAllFixes(clean)).toBe(clean);
  });
});
