import type { PlanInput } from './plan';

/** The 2006 article's example hosts, used when the article preset names none. */
export const ARTICLE_HOSTS = [
  { name: 'a', address: '192.168.1.100' },
  { name: 'b', address: '192.168.2.100' },
];

/** Starting points offered by the wizard and `--preset`; the schema's defaults are "recommended". */
export const PRESETS = {
  recommended: {},
  article: {
    hosts: ARTICLE_HOSTS,
    protocols: 'ah+esp',
    encryption: { algorithm: 'rijndael-cbc', keyBits: 192 },
    integrity: { algorithm: 'hmac-sha1' },
    spi: { strategy: 'article' },
  },
} as const satisfies Record<string, Partial<PlanInput>>;

export type PresetName = keyof typeof PRESETS;

export const isPresetName = (name: string): name is PresetName => Object.hasOwn(PRESETS, name);
