import { z } from 'zod';
import { describeBits, findAlgorithm, usableWithManualKeys } from './algorithms';
import { parseHostAddress } from './address';

/**
 * The plan: the non-secret choices a person makes. One schema validates the web form, the CLI
 * options and plan.json files, so every entry point refuses the same things with the same words.
 */

export const PROTOCOLS = ['esp', 'ah', 'ah+esp'] as const;
export const LEVELS = ['require', 'use', 'unique'] as const;
export const UPPER_PROTOCOLS = ['any', 'icmp', 'icmp6', 'tcp', 'udp'] as const;
export const SPI_STRATEGIES = ['random', 'article'] as const;

const hostName = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,31}$/i,
    'Use 1-32 letters, digits, "-" or "_", starting with a letter or digit.',
  );

export const hostSchema = z.object({
  name: hostName,
  address: z.string().transform((value, ctx) => {
    const parsed = parseHostAddress(value);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.text;
  }),
});

export const planSchema = z
  .object({
    version: z.literal(1).default(1),
    hosts: z.array(hostSchema).min(2, 'A link needs at least two hosts.'),
    mode: z.literal('transport').default('transport'),
    protocols: z.enum(PROTOCOLS).default('esp'),
    encryption: z
      .object({ algorithm: z.string(), keyBits: z.number().int().optional() })
      .default({ algorithm: 'rijndael-cbc', keyBits: 256 }),
    integrity: z.object({ algorithm: z.string() }).default({ algorithm: 'hmac-sha512' }),
    level: z.enum(LEVELS).default('require'),
    upperProtocol: z.enum(UPPER_PROTOCOLS).default('any'),
    spi: z.object({ strategy: z.enum(SPI_STRATEGIES) }).default({ strategy: 'random' }),
  })
  .superRefine((plan, ctx) => {
    const refuse = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const families = new Set(
      plan.hosts
        .map((h) => parseHostAddress(h.address))
        .map((a) => ('family' in a ? a.family : '')),
    );
    if (families.size > 1) {
      refuse(
        ['hosts'],
        'All hosts must use the same address family: IPv4 and IPv6 cannot be mixed in one link.',
      );
    }
    const seen = { name: new Map<string, number>(), address: new Map<string, number>() };
    plan.hosts.forEach((host, index) => {
      for (const field of ['name', 'address'] as const) {
        const earlier = seen[field].get(host[field]);
        if (earlier !== undefined) {
          refuse(
            ['hosts', index, field],
            `Host ${index + 1} repeats the ${field} of host ${earlier + 1} (${host[field]}).`,
          );
        } else seen[field].set(host[field], index);
      }
    });
    const enc = findAlgorithm(plan.encryption.algorithm, 'encryption');
    if (!enc) {
      refuse(
        ['encryption', 'algorithm'],
        `Unknown encryption algorithm "${plan.encryption.algorithm}".`,
      );
    } else if (!usableWithManualKeys(enc)) {
      refuse(['encryption', 'algorithm'], `${enc.label} is refused: ${enc.note ?? ''}`);
    } else if (
      plan.encryption.keyBits !== undefined &&
      !enc.keyBits.includes(plan.encryption.keyBits)
    ) {
      refuse(
        ['encryption', 'keyBits'],
        `${enc.id} takes keys of ${describeBits(enc.keyBits)} bits, not ${plan.encryption.keyBits}.`,
      );
    }
    if (enc?.id === 'null' && plan.protocols === 'ah+esp') {
      refuse(
        ['encryption', 'algorithm'],
        'With AH+ESP, ESP only encrypts: the null cipher would leave it doing nothing. Pick a cipher or use ESP alone.',
      );
    }
    const auth = findAlgorithm(plan.integrity.algorithm, 'integrity');
    if (!auth) {
      refuse(
        ['integrity', 'algorithm'],
        `Unknown integrity algorithm "${plan.integrity.algorithm}".`,
      );
    }
    const family = [...families][0];
    if (
      (plan.upperProtocol === 'icmp' && family === 'ipv6') ||
      (plan.upperProtocol === 'icmp6' && family === 'ipv4')
    ) {
      refuse(['upperProtocol'], `${plan.upperProtocol} does not match the hosts' address family.`);
    }
  });

export type PlanInput = z.input<typeof planSchema>;
export type Plan = z.output<typeof planSchema>;
