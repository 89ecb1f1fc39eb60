import { ALGORITHMS, findAlgorithm, usableWithManualKeys } from '../../src/core/algorithms';

describe('algorithm table', () => {
  it('gives the key lengths of the reference table', () => {
    expect(findAlgorithm('hmac-sha1')?.keyBits).toEqual([160]);
    expect(findAlgorithm('hmac-sha256')?.keyBits).toEqual([256]);
    expect(findAlgorithm('rijndael-cbc')?.keyBits).toEqual([128, 192, 256]);
    expect(findAlgorithm('3des-cbc')?.keyBits).toEqual([192]);
    expect(findAlgorithm('blowfish-cbc')?.keyBits.at(0)).toBe(40);
    expect(findAlgorithm('blowfish-cbc')?.keyBits.at(-1)).toBe(448);
  });

  it('resolves aliases and refuses unknown names', () => {
    expect(findAlgorithm('aes-cbc')?.id).toBe('rijndael-cbc');
    expect(findAlgorithm('rot13')).toBeUndefined();
    expect(findAlgorithm('hmac-sha1', 'encryption')).toBeUndefined();
  });

  it('forbids counter-mode and AEAD ciphers with manual keys', () => {
    for (const name of ['aes-ctr', 'aes-gcm']) {
      const alg = findAlgorithm(name);
      expect(alg && usableWithManualKeys(alg)).toBe(false);
      expect(alg?.note).toMatch(/manual keys/);
    }
  });

  it('explains every algorithm that is not plainly fine', () => {
    for (const alg of ALGORITHMS) {
      if (alg.standing !== 'recommended') expect(alg.note, alg.id).toBeTruthy();
    }
  });
});
