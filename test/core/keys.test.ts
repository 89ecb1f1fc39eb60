import { deriveKeyHex, parseKeyHex, randomKeyHex, stretchPassphrase } from '../../src/core/keys';

describe('keys', () => {
  it('makes random keys of exactly the asked length, different each time', () => {
    const a = randomKeyHex(192);
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(randomKeyHex(192)).not.toBe(a);
  });

  it('validates pasted keys', () => {
    expect(parseKeyHex('0x46915C30ED7E2465B42861B6AB19F2772813020C', 160)).toEqual({
      hex: '46915c30ed7e2465b42861b6ab19f2772813020c',
    });
    expect(parseKeyHex('0x4691', 160)).toEqual({
      error: expect.stringMatching(/40 hex digits, not 4/),
    });
    expect(parseKeyHex('xyz', 128)).toEqual({ error: expect.stringMatching(/hexadecimal/) });
  });

  it('derives the same keys from the same passphrase, distinct per SA and per passphrase', async () => {
    // A low iteration count keeps the test fast; the production count is a constant.
    const m1 = await stretchPassphrase('correct horse battery staple', 1000);
    const m2 = await stretchPassphrase('correct horse battery staple', 1000);
    const m3 = await stretchPassphrase('correct horse battery stapler', 1000);
    const k1 = await deriveKeyHex(m1, 'a>b:esp enc', 256);
    expect(k1).toMatch(/^[0-9a-f]{64}$/);
    expect(await deriveKeyHex(m2, 'a>b:esp enc', 256)).toBe(k1);
    expect(await deriveKeyHex(m1, 'b>a:esp enc', 256)).not.toBe(k1);
    expect(await deriveKeyHex(m3, 'a>b:esp enc', 256)).not.toBe(k1);
  });

  it('refuses a short passphrase', async () => {
    await expect(stretchPassphrase('short')).rejects.toThrow(/at least 12/);
  });
});
