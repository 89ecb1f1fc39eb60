import { readFileSync } from 'node:fs';
import { buildLink } from '../../src/core/model';
import { planSchema } from '../../src/core/plan';
import { renderSetkeyConf } from '../../src/core/render/setkey';
import { keyId, reusingKeySource } from '../../src/core/secrets';
import { randomKeySource } from '../../src/core/model';
import { parseSetkeyConf } from '../../src/core/setkey/parse';
import { importSetkeyToPlan } from '../../src/core/setkey/to-plan';
import { lintSetkeyConf } from '../../src/core/setkey/lint';

const dir = new URL('../fixtures/setkey/', import.meta.url).pathname;
const fixture = (name: string) => parseSetkeyConf(readFileSync(`${dir}${name}.conf`, 'utf8'));
const meta = { toolVersion: '0.1.0', date: '2026-11-28' };

describe('importSetkeyToPlan', () => {
  it('turns the article pair into an AH+ESP plan with its SPIs and keys', () => {
    const result = importSetkeyToPlan([
      fixture('good-article-host-a'),
      fixture('good-article-host-b'),
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    expect(result.plan).toMatchObject({
      hosts: [
        { name: 'a', address: '192.168.10.1' },
        { name: 'b', address: '192.168.10.2' },
      ],
      mode: 'transport',
      protocols: 'ah+esp',
      encryption: { algorithm: 'rijndael-cbc', keyBits: 192 },
      integrity: { algorithm: 'hmac-sha1' },
      level: 'require',
      upperProtocol: 'any',
      spi: { strategy: 'random' },
    });
    expect(result.secrets.spis).toEqual({
      'a>b:ah': 0x200,
      'b>a:ah': 0x300,
      'a>b:esp': 0x201,
      'b>a:esp': 0x301,
    });
    const text = readFileSync(`${dir}good-article-host-a.conf`, 'utf8');
    const ahKey = /add 192\.168\.10\.1 192\.168\.10\.2 ah 0x200 -A hmac-sha1 0x([0-9a-f]+);/.exec(
      text,
    )?.[1];
    expect(result.secrets.keys[keyId('a>b:ah', 'auth', 'hmac-sha1', 160)]).toBe(ahKey);
    expect(Object.keys(result.secrets.keys)).toHaveLength(4);
    expect(result.notes.join(' ')).not.toMatch(/new SPIs and keys/);
  });

  it('round trip: the wizard renders the same SAs from the imported plan and secrets', async () => {
    const a = readFileSync(`${dir}good-modern-host-a.conf`, 'utf8');
    const result = importSetkeyToPlan([parseSetkeyConf(a), fixture('good-modern-host-b')]);
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    const plan = planSchema.parse(result.plan);
    const link = await buildLink(plan, {
      keys: reusingKeySource(result.secrets, randomKeySource),
      fixedSpis: new Map(Object.entries(result.secrets.spis)),
    });
    const rendered = renderSetkeyConf(link, link.hosts[0]!, meta);
    const saLines = (text: string) =>
      text
        .replace(/#.*\n/g, '\n')
        .replace(/\n\s+/g, ' ')
        .split(/;\s*/)
        .filter((s) => s.trim().startsWith('add'))
        .map((s) => s.trim().replace(/\s+/g, ' '))
        .sort();
    expect(saLines(rendered)).toHaveLength(2);
    expect(saLines(rendered)).toEqual(saLines(a));
  });

  it('loads one file of a mesh and says which SAs the wizard will key afresh', () => {
    const result = importSetkeyToPlan([fixture('good-mesh-host-a')]);
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    expect(result.plan.hosts?.map((h) => h.name)).toEqual(['a', 'b', 'c']);
    expect(Object.keys(result.secrets.spis).sort()).toEqual([
      'a>b:esp',
      'a>c:esp',
      'b>a:esp',
      'c>a:esp',
    ]);
    expect(result.notes.join(' ')).toMatch(/2 of the 6 SAs .* new SPIs and keys/);
  });

  it('keeps quoted-string keys as their bytes in hex', () => {
    const result = importSetkeyToPlan([fixture('good-quoted-keys')]);
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    expect(result.secrets.keys[keyId('a>b:esp', 'enc', 'rijndael-cbc', 128)]).toBe(
      Buffer.from('kl0v3rsH4x0rzZ!!').toString('hex'),
    );
    expect(result.plan.integrity).toEqual({ algorithm: 'hmac-sha256' });
  });

  it('refuses a file with errors, and a pair that does not mirror, pointing at the first error', () => {
    const bad = importSetkeyToPlan([fixture('bad-key-length')]);
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.findings.map((f) => `${f.file} ${f.line} ${f.code}`)).toEqual([
        '0 3 import-not-clean',
      ]);
    const pair = importSetkeyToPlan([fixture('mirror-host-a'), fixture('mirror-host-b')]);
    if (pair.ok) throw new Error('a non-mirroring pair was loaded');
    expect(pair.findings.map((f) => `${f.file} ${f.line} ${f.code}`)).toEqual([
      '0 9 import-not-clean',
      '1 9 import-not-clean',
    ]);
    expect(pair.findings[0]?.message).toBe(
      'This file has 2 differences from the other file (the first on line 9), so it cannot be loaded yet.',
    );
  });

  it('loads AH for integrity with ESP for encryption as an ah+esp plan', () => {
    const result = importSetkeyToPlan([fixture('bad-ah-with-esp')]);
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    expect(result.plan).toMatchObject({
      protocols: 'ah+esp',
      integrity: { algorithm: 'hmac-sha512' },
      encryption: { algorithm: 'rijndael-cbc', keyBits: 256 },
    });
  });

  it('loads a tunnel between two gateways with their subnets and request ids, and renders it back', async () => {
    const ga = readFileSync(`${dir}good-wizard-tunnel-ga.conf`, 'utf8');
    const result = importSetkeyToPlan([parseSetkeyConf(ga), fixture('good-wizard-tunnel-gb')]);
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    expect(result.plan).toMatchObject({
      mode: 'tunnel',
      hosts: [
        { name: 'a', address: '198.51.100.1', subnets: ['10.1.0.0/16', '10.3.0.0/24'] },
        { name: 'b', address: '203.0.113.1', subnets: ['10.2.0.0/16'] },
      ],
      level: 'unique',
      protocols: 'esp',
    });
    expect(result.secrets.reqids).toEqual({ 'a+b': 1 });
    const plan = planSchema.parse(result.plan);
    const link = await buildLink(plan, { reuse: result.secrets });
    const statements = (text: string) =>
      text
        .replace(/#.*\n/g, '\n')
        .split(';')
        .map((s) => s.trim().replace(/\s+/g, ' '))
        .filter((s) => s !== '');
    expect(statements(renderSetkeyConf(link, link.hosts[0]!, meta))).toEqual(statements(ga));
  });

  it('loads a tunnel with level require, which needs no request id', () => {
    const result = importSetkeyToPlan([fixture('good-tunnel-gateways')]);
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    expect(result.plan.mode).toBe('tunnel');
    expect(result.secrets.reqids).toBeUndefined();
  });

  const K = (byte: string, bytes: number) => '0x' + byte.repeat(bytes);
  const transportBetweenGateways = [
    `add 198.51.100.1 203.0.113.1 esp 0x6001 -E rijndael-cbc ${K('a1', 32)} -A hmac-sha512 ${K('b1', 64)};`,
    `add 203.0.113.1 198.51.100.1 esp 0x6002 -E rijndael-cbc ${K('a2', 32)} -A hmac-sha512 ${K('b2', 64)};`,
    'spdadd 198.51.100.1 203.0.113.1 any -P out ipsec esp/transport//require;',
    'spdadd 203.0.113.1 198.51.100.1 any -P in ipsec esp/transport//require;',
    '',
  ].join('\n');

  it.each([
    ['good-compact', 'several levels', 3],
    ['good-tunnel-gateways', 'not in tunnel mode like the rest', 8],
  ])('refuses what a plan cannot express: %s (%s)', (name, message, line) => {
    const text = readFileSync(`${dir}${name}.conf`, 'utf8');
    // good-compact gets a second level so that its policies disagree; the tunnel file gets a
    // transport link between its gateways as well (clean for the linter, two modes for a plan).
    const input =
      name === 'good-compact'
        ? text.replace('//require; spdadd', '//use; spdadd')
        : text + transportBetweenGateways;
    if (name === 'good-tunnel-gateways')
      expect(lintSetkeyConf(input).filter((f) => f.severity === 'error')).toEqual([]);
    const result = importSetkeyToPlan([parseSetkeyConf(input)]);
    if (result.ok) throw new Error(`${name} was loaded`);
    expect(result.findings[0]?.code).toBe('import-unsupported');
    expect(result.findings[0]?.message).toMatch(message);
    expect(result.findings[0]?.line).toBe(line);
  });

  it('refuses SAs of one protocol with different algorithms', () => {
    const text = readFileSync(`${dir}good-modern-host-a.conf`, 'utf8');
    const second = /-E rijndael-cbc (0x[0-9a-f]+)\n\t-A hmac-sha512 0x[0-9a-f]+;\n\nspdadd/.exec(
      text,
    );
    expect(second).not.toBeNull();
    const mixed = text.replace(
      second![0],
      second![0].replace(/-A hmac-sha512 0x[0-9a-f]+/, `-A hmac-sha384 0x${'ab'.repeat(48)}`),
    );
    const result = importSetkeyToPlan([parseSetkeyConf(mixed)]);
    if (result.ok) throw new Error('mixed algorithms were loaded');
    expect(result.findings.map((f) => `${f.line} ${f.code}`)).toEqual(['9 import-unsupported']);
    expect(result.findings[0]?.message).toMatch(
      /hmac-sha384 384 but line 5 uses .*hmac-sha512 512/,
    );
  });

  it('refuses SPIs the wizard cannot keep unique across the link', () => {
    const text = [
      'add 10.0.0.1 10.0.0.2 esp 0x1001 -E rijndael-cbc 0x' +
        '11'.repeat(32) +
        ' -A hmac-sha512 0x' +
        '22'.repeat(64) +
        ';',
      'add 10.0.0.2 10.0.0.1 esp 0x1001 -E rijndael-cbc 0x' +
        '33'.repeat(32) +
        ' -A hmac-sha512 0x' +
        '44'.repeat(64) +
        ';',
      'spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;',
      'spdadd 10.0.0.2 10.0.0.1 any -P in ipsec esp/transport//require;',
    ].join('\n');
    const result = importSetkeyToPlan([parseSetkeyConf(text)]);
    if (result.ok) throw new Error('a shared SPI was loaded');
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.code}`)).toEqual([
      '2:27 import-unsupported',
    ]);
  });
});
