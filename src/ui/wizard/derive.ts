import { parseSpiText } from '../../core/form-options';
import { buildLink, type KeySource, type Link } from '../../core/model';
import type { Plan } from '../../core/plan';
import type { OutputFormat } from '../../core/render/bundle';
import { checkSecrets, type LinkSecrets } from '../../core/secrets';

export type KeySourceKind = 'random' | 'passphrase' | 'manual';

/** What the person typed about keys and SPIs; the raw text, so nothing typed is lost or reformatted. */
export interface KeyingInput {
  readonly source: KeySourceKind;
  /** SPI text by SA slot id, only for SPIs edited by hand. */
  readonly spiTexts: Readonly<Record<string, string>>;
  /** Key text by key id, only for keys pasted by hand (manual source). */
  readonly keyTexts: Readonly<Record<string, string>>;
}

export interface DeriveResult {
  readonly link?: Link;
  /** Problems with hand-typed SPIs and keys, by `spis.<slot>` / `keys.<key id>`. */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** A failure of the build itself, in words. */
  readonly error?: string;
}

/**
 * Builds the link for a valid plan: keys and SPIs of `previous` stay (so typing does not reshuffle
 * them), hand-typed ones win, and passphrase-derived keys replace random ones.
 */
export async function deriveLink(
  plan: Plan,
  keying: KeyingInput,
  previous: LinkSecrets | undefined,
  format: OutputFormat,
  passphraseKeys?: KeySource,
): Promise<DeriveResult> {
  const fieldErrors: Record<string, string> = {};
  const handSpis: Record<string, number> = {};
  for (const [slot, text] of Object.entries(keying.spiTexts)) {
    const parsed = parseSpiText(text);
    if ('error' in parsed) fieldErrors[`spis.${slot}`] = parsed.error;
    else handSpis[slot] = parsed.spi;
  }
  const handKeys: Record<string, string> = {};
  if (keying.source === 'manual') {
    for (const [id, text] of Object.entries(keying.keyTexts)) {
      if (text.trim() !== '') handKeys[id] = text.trim().replace(/^0x/i, '').toLowerCase();
    }
  }
  for (const problem of checkSecrets({ spis: handSpis, keys: handKeys })) {
    fieldErrors[problem.path] = problem.message;
  }
  if (Object.keys(fieldErrors).length > 0) return { fieldErrors };

  // A reused SPI that a hand-typed one now takes is dropped: that SA draws a fresh one.
  const taken = new Set(Object.values(handSpis));
  const reusedSpis = Object.fromEntries(
    Object.entries(previous?.spis ?? {}).filter(
      ([slot, spi]) => !taken.has(spi) && handSpis[slot] === undefined,
    ),
  );
  const reusedKeys = keying.source === 'passphrase' ? {} : (previous?.keys ?? {});
  const reuse: LinkSecrets = {
    spis: reusedSpis,
    keys: { ...reusedKeys, ...handKeys },
    ...(previous?.reqids && { reqids: previous.reqids }),
  };
  try {
    const link = await buildLink(plan, {
      reuse,
      fixedSpis: new Map(Object.entries(handSpis)),
      setkeyPeers: format !== 'xfrm',
      ...(keying.source === 'passphrase' && passphraseKeys && { keys: passphraseKeys }),
    });
    return { link, fieldErrors };
  } catch (error) {
    return { fieldErrors, error: (error as Error).message };
  }
}
