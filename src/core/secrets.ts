import { z } from 'zod';
import type { Algorithm } from './algorithms';
import { parseKeyHex } from './keys';
import type { KeySource, Link } from './model';
import { MAX_REQID } from './plan';
import { formatSpi, isValidSpi, type SaSlot } from './spi';

/**
 * The secret half of a link: every SA's SPI and keys, kept apart from the plan so that a plan can be
 * shared without them, and so that editing a plan (adding a host, renaming nothing) keeps the keys
 * and SPIs of every SA that still exists: running hosts need not be reconfigured.
 */
export interface LinkSecrets {
  /** SPI by SA slot id (`from>to:proto`). */
  readonly spis: Readonly<Record<string, number>>;
  /** Lowercase hex key by key id (see `keyId`). */
  readonly keys: Readonly<Record<string, string>>;
  /** Level unique only: request id by host pair (see `pairKey`). Not secret, but must persist too. */
  readonly reqids?: Readonly<Record<string, number>>;
}

export const EMPTY_SECRETS: LinkSecrets = { spis: {}, keys: {} };

export const secretsSchema = z.object({
  spis: z.record(z.string(), z.number().int()).default({}),
  keys: z.record(z.string(), z.string()).default({}),
  reqids: z.record(z.string(), z.number().int()).optional(),
});

/** One name for an unordered host pair, whichever order the hosts are listed in. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}+${b}` : `${b}+${a}`);

/** A key is only reused for the same SA, role, algorithm and length: anything else needs a new key. */
export const keyId = (slotId: string, role: 'enc' | 'auth', algorithmId: string, bits: number) =>
  `${slotId} ${role} ${algorithmId} ${bits}`;

export function secretsOfLink(link: Link): LinkSecrets {
  const spis: Record<string, number> = {};
  const keys: Record<string, string> = {};
  const reqids: Record<string, number> = {};
  for (const sa of link.sas) {
    spis[sa.id] = sa.spi;
    if (sa.reqid !== undefined) reqids[pairKey(sa.from, sa.to)] = sa.reqid;
    if (sa.encryption && sa.encryption.keyHex !== '') {
      keys[keyId(sa.id, 'enc', sa.encryption.algorithm.id, sa.encryption.keyBits)] =
        sa.encryption.keyHex;
    }
    if (sa.integrity) {
      keys[keyId(sa.id, 'auth', sa.integrity.algorithm.id, sa.integrity.keyBits)] =
        sa.integrity.keyHex;
    }
  }
  return Object.keys(reqids).length > 0 ? { spis, keys, reqids } : { spis, keys };
}

/** Keys already known are kept; only SAs without one draw from `fallback`. */
export function reusingKeySource(secrets: LinkSecrets, fallback: KeySource): KeySource {
  return (slot: SaSlot, role, algorithm: Algorithm, bits) => {
    const known = secrets.keys[keyId(slot.id, role, algorithm.id, bits)];
    return known !== undefined ? Promise.resolve(known) : fallback(slot, role, algorithm, bits);
  };
}

export interface SecretProblem {
  /** `spis.<slot id>`, `keys.<key id>` or `reqids.<pair>`: which value is wrong. */
  readonly path: string;
  readonly message: string;
}

/** Checks SPIs and keys typed or loaded by hand, so that nothing invalid reaches a renderer. */
export function checkSecrets(secrets: LinkSecrets): SecretProblem[] {
  const problems: SecretProblem[] = [];
  const owner = new Map<number, string>();
  for (const [slot, spi] of Object.entries(secrets.spis)) {
    if (!isValidSpi(spi)) {
      problems.push({
        path: `spis.${slot}`,
        message: `SPI ${spi} for ${slot} is outside 256..4294967295 (0-255 are reserved).`,
      });
      continue;
    }
    const earlier = owner.get(spi);
    if (earlier !== undefined) {
      problems.push({
        path: `spis.${slot}`,
        message: `SPI ${formatSpi(spi)} is used by both ${earlier} and ${slot}: every SA needs its own.`,
      });
    } else owner.set(spi, slot);
  }
  const pairOfReqid = new Map<number, string>();
  for (const [pair, reqid] of Object.entries(secrets.reqids ?? {})) {
    const earlier = pairOfReqid.get(reqid);
    if (!Number.isInteger(reqid) || reqid < 1 || reqid > MAX_REQID) {
      problems.push({
        path: `reqids.${pair}`,
        message: `Request id ${reqid} for ${pair} is outside 1..${MAX_REQID}, the range setkey's unique:N accepts.`,
      });
    } else if (earlier !== undefined) {
      problems.push({
        path: `reqids.${pair}`,
        message: `Request id ${reqid} is used by both ${earlier} and ${pair}: each host pair needs its own.`,
      });
    } else pairOfReqid.set(reqid, pair);
  }
  for (const [id, hex] of Object.entries(secrets.keys)) {
    const bits = Number(id.split(' ').at(-1));
    const parsed = parseKeyHex(hex, bits);
    if ('error' in parsed) problems.push({ path: `keys.${id}`, message: parsed.error });
  }
  return problems;
}
