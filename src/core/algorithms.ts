/**
 * The algorithm table: everything ipsec-wizard knows about each cipher and MAC, as data.
 * Facts follow setkey(8) on Linux, net/xfrm/xfrm_algo.c and RFC 8221.
 */

export type AlgorithmKind = 'encryption' | 'integrity';

/** How RFC 8221 (and manual keying) rank an algorithm; drives defaults and warnings. */
export type Standing = 'recommended' | 'acceptable' | 'legacy' | 'weak' | 'forbidden';

export interface Algorithm {
  /** The name setkey understands. */
  readonly id: string;
  readonly kind: AlgorithmKind;
  readonly label: string;
  /** Every key length in bits that Linux accepts for this algorithm. */
  readonly keyBits: readonly number[];
  readonly defaultKeyBits: number;
  /** The kernel crypto name used by `ip xfrm`. */
  readonly xfrmName: string;
  /** Truncated ICV length on the wire (integrity only). */
  readonly icvBits?: number;
  readonly standing: Standing;
  readonly rfc8221: string;
  /** Why the algorithm deserves a warning or is refused; absent when it is fine. */
  readonly note?: string;
  readonly aliases?: readonly string[];
}

const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let bits = from; bits <= to; bits += step) out.push(bits);
  return out;
};

export const ALGORITHMS: readonly Algorithm[] = [
  {
    id: 'rijndael-cbc',
    kind: 'encryption',
    label: 'AES-CBC (rijndael-cbc)',
    keyBits: [128, 192, 256],
    defaultKeyBits: 256,
    xfrmName: 'cbc(aes)',
    standing: 'recommended',
    rfc8221: 'MUST (192-bit keys: MAY)',
    aliases: ['aes-cbc'],
  },
  {
    id: 'twofish-cbc',
    kind: 'encryption',
    label: 'Twofish-CBC',
    keyBits: [128, 192, 256],
    defaultKeyBits: 256,
    xfrmName: 'cbc(twofish)',
    standing: 'acceptable',
    rfc8221: 'not listed',
    note: 'Not listed by RFC 8221; peers outside Linux rarely support it.',
  },
  {
    id: 'camellia-cbc',
    kind: 'encryption',
    label: 'Camellia-CBC',
    keyBits: [128, 192, 256],
    defaultKeyBits: 256,
    xfrmName: 'cbc(camellia)',
    standing: 'acceptable',
    rfc8221: 'not listed',
    note: 'Not listed by RFC 8221; prefer AES-CBC unless a peer needs Camellia.',
  },
  {
    id: '3des-cbc',
    kind: 'encryption',
    label: 'Triple DES-CBC',
    keyBits: [192],
    defaultKeyBits: 192,
    xfrmName: 'cbc(des3_ede)',
    standing: 'legacy',
    rfc8221: 'SHOULD NOT',
    note: '64-bit blocks and slow; RFC 8221 says SHOULD NOT. Modern kernels may lack it.',
  },
  {
    id: 'cast128-cbc',
    kind: 'encryption',
    label: 'CAST-128-CBC',
    keyBits: range(40, 128, 8),
    defaultKeyBits: 128,
    xfrmName: 'cbc(cast5)',
    standing: 'weak',
    rfc8221: 'deprecated',
    note: '64-bit blocks; deprecated.',
  },
  {
    id: 'blowfish-cbc',
    kind: 'encryption',
    label: 'Blowfish-CBC',
    keyBits: range(40, 448, 8),
    defaultKeyBits: 128,
    xfrmName: 'cbc(blowfish)',
    standing: 'weak',
    rfc8221: 'MUST NOT',
    note: '64-bit blocks; RFC 8221 says MUST NOT.',
  },
  {
    id: 'des-cbc',
    kind: 'encryption',
    label: 'DES-CBC',
    keyBits: [64],
    defaultKeyBits: 64,
    xfrmName: 'cbc(des)',
    standing: 'weak',
    rfc8221: 'MUST NOT',
    note: 'A 56-bit key is broken by brute force; RFC 8221 says MUST NOT. For teaching only.',
  },
  {
    id: 'null',
    kind: 'encryption',
    label: 'None (integrity-only ESP)',
    keyBits: [0],
    defaultKeyBits: 0,
    xfrmName: 'ecb(cipher_null)',
    standing: 'weak',
    rfc8221: 'MAY (integrity only)',
    note: 'Packets are authenticated but sent in clear text.',
  },
  {
    id: 'aes-ctr',
    kind: 'encryption',
    label: 'AES-CTR',
    keyBits: [160, 224, 288],
    defaultKeyBits: 160,
    xfrmName: 'rfc3686(ctr(aes))',
    standing: 'forbidden',
    rfc8221: 'MUST with IKE; forbidden with manual keys (RFC 3686)',
    note: 'Counter mode must not be used with manual keys: after a reboot the counter restarts and the keystream repeats (RFC 3686).',
  },
  {
    id: 'aes-gcm',
    kind: 'encryption',
    label: 'AES-GCM (AEAD)',
    keyBits: [160, 224, 288],
    defaultKeyBits: 288,
    xfrmName: 'rfc4106(gcm(aes))',
    icvBits: 128,
    standing: 'forbidden',
    rfc8221: 'MUST with IKE; forbidden with manual keys (RFC 4106)',
    note: 'AEAD ciphers must not be used with manual keys: a restarted counter repeats nonces and breaks GCM completely (RFC 4106). setkey on Linux cannot express it either.',
  },
  {
    id: 'hmac-sha512',
    kind: 'integrity',
    label: 'HMAC-SHA-512',
    keyBits: [512],
    defaultKeyBits: 512,
    xfrmName: 'hmac(sha512)',
    icvBits: 256,
    standing: 'recommended',
    rfc8221: 'SHOULD',
  },
  {
    id: 'hmac-sha384',
    kind: 'integrity',
    label: 'HMAC-SHA-384',
    keyBits: [384],
    defaultKeyBits: 384,
    xfrmName: 'hmac(sha384)',
    icvBits: 192,
    standing: 'acceptable',
    rfc8221: 'not listed (RFC 4868)',
    note: 'Sound (RFC 4868) but not listed by RFC 8221; HMAC-SHA-512 is the usual choice.',
  },
  {
    id: 'hmac-sha256',
    kind: 'integrity',
    label: 'HMAC-SHA-256',
    keyBits: [256],
    defaultKeyBits: 256,
    xfrmName: 'hmac(sha256)',
    icvBits: 128,
    standing: 'recommended',
    rfc8221: 'MUST',
    note: 'Linux setkey (PF_KEY) truncates its ICV to 96 bits, not the 128 of RFC 4868: every peer must use the same length.',
  },
  {
    id: 'aes-xcbc-mac',
    kind: 'integrity',
    label: 'AES-XCBC-MAC',
    keyBits: [128],
    defaultKeyBits: 128,
    xfrmName: 'xcbc(aes)',
    icvBits: 96,
    standing: 'acceptable',
    rfc8221: 'SHOULD (IoT), MAY',
    note: 'Meant for constrained devices; HMAC-SHA-256 or -512 suit ordinary hosts.',
  },
  {
    id: 'hmac-sha1',
    kind: 'integrity',
    label: 'HMAC-SHA-1',
    keyBits: [160],
    defaultKeyBits: 160,
    xfrmName: 'hmac(sha1)',
    icvBits: 96,
    standing: 'legacy',
    rfc8221: 'MUST- (legacy)',
    note: 'SHA-1 is being phased out (RFC 8221: MUST-); modern kernels may drop it.',
  },
  {
    id: 'hmac-md5',
    kind: 'integrity',
    label: 'HMAC-MD5',
    keyBits: [128],
    defaultKeyBits: 128,
    xfrmName: 'hmac(md5)',
    icvBits: 96,
    standing: 'weak',
    rfc8221: 'MUST NOT',
    note: 'RFC 8221 says MUST NOT. For teaching only.',
  },
];

/** Finds an algorithm by its setkey name or an alias; undefined when unknown. */
export function findAlgorithm(name: string, kind?: AlgorithmKind): Algorithm | undefined {
  const wanted = name.toLowerCase();
  return ALGORITHMS.find(
    (alg) =>
      (kind === undefined || alg.kind === kind) &&
      (alg.id === wanted || (alg.aliases ?? []).includes(wanted)),
  );
}

/** Whether an algorithm may be used with manually keyed SAs at all. */
export const usableWithManualKeys = (alg: Algorithm): boolean => alg.standing !== 'forbidden';

/** Key lengths for messages: a short list as is, a long range as from..to with its step. */
export function describeBits(bits: readonly number[]): string {
  if (bits.length <= 3) return bits.join(', ');
  return `${bits[0]} to ${bits[bits.length - 1]} (in steps of ${(bits[1] ?? 0) - (bits[0] ?? 0)})`;
}
