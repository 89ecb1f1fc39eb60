import { allocateSpis, articleSpi, isValidSpi, listSaSlots, MIN_SPI } from '../../src/core/spi';

describe('SPI allocation', () => {
  it("reproduces the article's numbering for two hosts", () => {
    const slots = listSaSlots(['a', 'b'], ['ah', 'esp']);
    const spis = allocateSpis(slots, 'article');
    expect(Object.fromEntries(spis)).toEqual({
      'a>b:ah': 0x200,
      'a>b:esp': 0x201,
      'b>a:ah': 0x300,
      'b>a:esp': 0x301,
    });
  });

  it('continues the article pattern without clashes for a larger mesh', () => {
    const hosts = Array.from({ length: 30 }, (_, i) => `h${i}`);
    const slots = listSaSlots(hosts, ['ah', 'esp']);
    const values = slots.map(articleSpi);
    expect(slots).toHaveLength(30 * 29 * 2);
    expect(new Set(values).size).toBe(values.length);
    expect(values.every(isValidSpi)).toBe(true);
  });

  it('draws random SPIs again when they are reserved or already used', () => {
    const slots = listSaSlots(['a', 'b'], ['esp']);
    const queue = [5, 0x1234, 0x1234, 0xff, 0x5678];
    const words = (n: number) => new Uint32Array(queue.splice(0, n));
    const spis = allocateSpis(slots, 'random', words);
    expect([...spis.values()]).toEqual([0x1234, 0x5678]);
  });

  it('keeps SPIs given by hand and avoids them for the others', () => {
    const slots = listSaSlots(['a', 'b'], ['esp']);
    const queue = [0x4000, 0x4001];
    const spis = allocateSpis(
      slots,
      'random',
      (n) => new Uint32Array(queue.splice(0, n)),
      new Map([['b>a:esp', 0x4000]]),
    );
    expect(Object.fromEntries(spis)).toEqual({ 'a>b:esp': 0x4001, 'b>a:esp': 0x4000 });
  });

  it('uses crypto randomness by default and stays in range', () => {
    const slots = listSaSlots(['a', 'b', 'c', 'd'], ['ah', 'esp']);
    const values = [...allocateSpis(slots, 'random').values()];
    expect(new Set(values).size).toBe(slots.length);
    expect(values.every((v) => v >= MIN_SPI && isValidSpi(v))).toBe(true);
  });
});
