// The core helpers the wizard's form and preview ask (src/core/form-options.ts, preview-tokens.ts).
import {
  addressFamilyOutliers,
  algorithmOptions,
  algorithmWarning,
  parseSpiText,
  planDefaults,
} from '../../src/core/form-options';
import { tokenizeLine } from '../../src/core/preview-tokens';
import {
  parsePlanFile,
  planFileText,
  planFromFragment,
  shareFragment,
} from '../../src/ui/wizard/values';
import { planSchema } from '../../src/core/plan';

describe('form options from the core', () => {
  it('lists refused algorithms last and disabled, recommended first', () => {
    const enc = algorithmOptions('encryption');
    expect(enc[0]).toMatchObject({ id: 'rijndael-cbc', standing: 'recommended', disabled: false });
    expect(enc.filter((o) => o.disabled).map((o) => o.id)).toEqual(['aes-ctr', 'aes-gcm']);
    expect(enc.at(-1)?.disabled).toBe(true);
    expect(enc.find((o) => o.id === 'null')?.keyBitsText).toBe('no key');
    expect(enc.find((o) => o.id === 'blowfish-cbc')?.keyBitsText).toBe(
      '40 to 448 (in steps of 8) bits',
    );
  });

  it('warns about weak and legacy choices only', () => {
    expect(algorithmWarning('integrity', 'hmac-md5')?.severity).toBe('warning');
    expect(algorithmWarning('integrity', 'hmac-sha1')?.severity).toBe('info');
    expect(algorithmWarning('integrity', 'hmac-sha512')).toBeUndefined();
  });

  it('reads SPIs in hex or decimal and refuses reserved or malformed ones', () => {
    expect(parseSpiText('0x1F00')).toEqual({ spi: 0x1f00 });
    expect(parseSpiText(' 7936 ')).toEqual({ spi: 7936 });
    expect(parseSpiText('0xff')).toHaveProperty(
      'error',
      expect.stringMatching(/0-255 are reserved/),
    );
    expect(parseSpiText('4294967296')).toHaveProperty('error');
    expect(parseSpiText('12ab')).toHaveProperty('error', expect.stringMatching(/hex \(0x1f00\)/));
  });

  it('names the hosts whose address family differs from the first', () => {
    expect(
      addressFamilyOutliers([{ address: '' }, { address: '2001:db8::1' }, { address: '10.0.0.1' }]),
    ).toEqual([2]);
    expect(addressFamilyOutliers([{ address: '10.0.0.1' }, { address: '10.0.0.2' }])).toEqual([]);
  });

  it('starts from the schema defaults', () => {
    expect(planDefaults()).toMatchObject({
      protocols: 'esp',
      encryption: { algorithm: 'rijndael-cbc', keyBits: 256 },
    });
  });
});

describe('preview tokens', () => {
  it('tells keys from SPIs, and keeps the semicolon apart', () => {
    const tokens = tokenizeLine(
      'add 192.168.1.100 192.168.2.100 esp 0x52c0ace2 -E rijndael-cbc 0x' + 'ab'.repeat(32) + ';',
    );
    const kinds = Object.fromEntries(
      tokens.filter((t) => t.kind !== 'plain').map((t) => [t.text, t.kind]),
    );
    expect(kinds['0x52c0ace2']).toBe('spi');
    expect(kinds[`0x${'ab'.repeat(32)}`]).toBe('key');
    expect(kinds['192.168.2.100']).toBe('address');
    expect(kinds['add']).toBe('keyword');
    expect(tokens.at(-1)).toEqual({ kind: 'plain', text: ';' });
    expect(tokens.map((t) => t.text).join('')).toBe(
      'add 192.168.1.100 192.168.2.100 esp 0x52c0ace2 -E rijndael-cbc 0x' + 'ab'.repeat(32) + ';',
    );
  });

  it('marks comments and the shortest key (40-bit CAST-128) as a key', () => {
    expect(tokenizeLine('# Flush the SAD')).toEqual([{ kind: 'comment', text: '# Flush the SAD' }]);
    expect(tokenizeLine('x 0x0102030405').find((t) => t.text === '0x0102030405')?.kind).toBe('key');
  });
});

describe('plan files and share links', () => {
  const plan = planSchema.parse({
    hosts: [
      { name: 'a', address: '10.0.0.1' },
      { name: 'b', address: '10.0.0.2' },
    ],
  });

  it('round-trips a plan with and without secrets', () => {
    expect(parsePlanFile(planFileText(plan))).toEqual({ plan });
    const secrets = { spis: { 'a>b:esp': 0x1234 }, keys: {} };
    expect(parsePlanFile(planFileText(plan, secrets))).toEqual({ plan, secrets });
  });

  it('names the field of a bad plan and of bad secrets', () => {
    expect(parsePlanFile('{"hosts":[{"name":"a","address":"10.0.0.1"}]}')).toEqual({
      error: 'hosts: A link needs at least two hosts.',
    });
    expect(
      parsePlanFile(JSON.stringify({ ...plan, secrets: { spis: { 'a>b:esp': 5 } } })),
    ).toHaveProperty('error', expect.stringMatching(/^secrets\.spis\.a>b:esp: /));
    expect(parsePlanFile('not json')).toHaveProperty(
      'error',
      expect.stringMatching(/not a JSON file/),
    );
  });

  it('puts the plan in the fragment and never secrets', () => {
    const fragment = shareFragment(plan);
    expect(planFromFragment(fragment)).toEqual({ plan });
    const withSecrets = `#plan=${encodeURIComponent(
      JSON.stringify({ ...plan, secrets: { spis: { 'a>b:esp': 0x1234 }, keys: {} } }),
    )}`;
    // A link that carries secrets anyway gives the plan alone.
    expect(planFromFragment(withSecrets)).toEqual({ plan });
    expect(planFromFragment('#other')).toBeUndefined();
  });
});
