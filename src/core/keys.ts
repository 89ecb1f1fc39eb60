/**
 * Key material. Random keys come from crypto.getRandomValues; deterministic keys come from a
 * passphrase stretched once with PBKDF2-SHA-256 and then expanded per SA with HKDF-SHA-256, so two
 * administrators with the same passphrase and plan get the same keys without sending them around.
 */

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. Changing it changes every derived key. */
export const PBKDF2_ITERATIONS = 600_000;
/** Fixed, versioned salt: both hosts must derive alike from the passphrase alone. */
export const PBKDF2_SALT = 'ipsec-wizard/v1/pbkdf2';
export const MIN_PASSPHRASE_LENGTH = 12;

export const bytesToHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A key of exactly `bits` bits (a whole number of bytes), as lowercase hex without 0x. */
export function randomKeyHex(bits: number): string {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(bits / 8)));
}

/** Checks a key typed or pasted by hand; returns the normalised hex or an error message. */
export function parseKeyHex(input: string, bits: number): { hex: string } | { error: string } {
  const hex = input.trim().replace(/^0x/i, '').toLowerCase();
  if (!/^[0-9a-f]*$/.test(hex))
    return { error: 'A key is written in hexadecimal digits (0-9, a-f).' };
  if (hex.length * 4 !== bits) {
    return {
      error: `This algorithm takes a ${bits}-bit key: ${bits / 4} hex digits, not ${hex.length}.`,
    };
  }
  return { hex };
}

/** The stretched passphrase: computed once, then used for every SA's HKDF. */
export async function stretchPassphrase(
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<CryptoKey> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  const subtle = globalThis.crypto.subtle;
  const encoder = new TextEncoder();
  const base = await subtle.importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(PBKDF2_SALT), iterations },
    base,
    256,
  );
  return subtle.importKey('raw', bits, 'HKDF', false, ['deriveBits']);
}

/** Expands the stretched passphrase into `bits` bits bound to `info` (which names the SA and role). */
export async function deriveKeyHex(master: CryptoKey, info: string, bits: number): Promise<string> {
  if (bits === 0) return '';
  const encoder = new TextEncoder();
  const out = await globalThis.crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: encoder.encode(`ipsec-wizard/v1 ${info}`),
    },
    master,
    bits,
  );
  return bytesToHex(new Uint8Array(out));
}
