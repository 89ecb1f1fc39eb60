/**
 * SPI allocation. An SPI names one SA; 0-255 are reserved (RFC 4303 2.1) and setkey silently
 * truncates wider values, so every SPI the wizard writes lies in MIN_SPI..MAX_SPI and is unique.
 */

export const MIN_SPI = 0x100;
export const MAX_SPI = 0xffffffff;

export type IpsecProtocol = 'esp' | 'ah';

/** One SA to be created: traffic from host `from` to host `to`, protected by `protocol`. */
export interface SaSlot {
  readonly id: string;
  /** Index of the unordered host pair, in the order hosts were listed (0 = first and second). */
  readonly pair: number;
  readonly forward: boolean;
  readonly from: string;
  readonly to: string;
  readonly protocol: IpsecProtocol;
}

export const saSlotId = (from: string, to: string, protocol: IpsecProtocol): string =>
  `${from}>${to}:${protocol}`;

/** Every SA of a full mesh: each pair of hosts, each direction, each protocol. */
export function listSaSlots(
  hostNames: readonly string[],
  protocols: readonly IpsecProtocol[],
): SaSlot[] {
  const slots: SaSlot[] = [];
  let pair = 0;
  for (let i = 0; i < hostNames.length; i++) {
    for (let j = i + 1; j < hostNames.length; j++) {
      const a = hostNames[i] as string;
      const b = hostNames[j] as string;
      for (const [from, to, forward] of [
        [a, b, true],
        [b, a, false],
      ] as const) {
        for (const protocol of protocols) {
          slots.push({ id: saSlotId(from, to, protocol), pair, forward, from, to, protocol });
        }
      }
      pair++;
    }
  }
  return slots;
}

export const isValidSpi = (spi: number): boolean =>
  Number.isInteger(spi) && spi >= MIN_SPI && spi <= MAX_SPI;

/**
 * The article's numbering, continued for larger meshes: pair k uses 0x200*(k+1) from the first host
 * to the second and 0x100 more back; AH takes the even number and ESP the next one.
 */
export function articleSpi(slot: SaSlot): number {
  const base = 0x200 * (slot.pair + 1) + (slot.forward ? 0 : 0x100);
  return base + (slot.protocol === 'esp' ? 1 : 0);
}

/** Fills `count` 32-bit words with random bits; injectable so tests and derivations can decide. */
export type RandomWords = (count: number) => Uint32Array;

export const cryptoRandomWords: RandomWords = (count) =>
  globalThis.crypto.getRandomValues(new Uint32Array(count));

/** getRandomValues fills at most 65 536 bytes per call. */
const MAX_WORDS_PER_DRAW = 16_384;

/** Random SPIs, unique across the whole plan (so unique in every host's SAD), reserved values skipped. */
export function allocateSpis(
  slots: readonly SaSlot[],
  strategy: 'random' | 'article',
  randomWords: RandomWords = cryptoRandomWords,
  fixed: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const spis = new Map<string, number>();
  const used = new Set<number>(fixed.values());
  // Words are drawn in batches (one call per 16 384 SAs, not one per SA) and used in order.
  let pending = slots.filter((slot) => !fixed.has(slot.id)).length;
  let words: Uint32Array = new Uint32Array(0);
  let next = 0;
  const draw = (): number => {
    if (next >= words.length) {
      words = randomWords(Math.min(Math.max(pending, 1), MAX_WORDS_PER_DRAW));
      next = 0;
    }
    return words[next++] ?? 0;
  };
  for (const slot of slots) {
    const given = fixed.get(slot.id);
    if (given !== undefined) {
      spis.set(slot.id, given);
      continue;
    }
    let spi = strategy === 'article' ? articleSpi(slot) : 0;
    while (!isValidSpi(spi) || used.has(spi)) {
      if (strategy === 'article') {
        throw new Error(`SPI 0x${spi.toString(16)} for ${slot.id} clashes with one given by hand.`);
      }
      spi = draw();
    }
    pending--;
    used.add(spi);
    spis.set(slot.id, spi);
  }
  return spis;
}

export const formatSpi = (spi: number): string => `0x${spi.toString(16)}`;
