import { z } from 'zod';
import { describeBits, findAlgorithm, usableWithManualKeys } from './algorithms';
import { parseHostAddress, parseSubnet, subnetContains, subnetsOverlap } from './address';

/**
 * The plan: the non-secret choices a person makes. One schema validates the web form, the CLI
 * options and plan.json files, so every entry point refuses the same things with the same words.
 */

export const PROTOCOLS = ['esp', 'ah', 'ah+esp'] as const;
export const LEVELS = ['require', 'use', 'unique'] as const;
export const UPPER_PROTOCOLS = ['any', 'icmp', 'icmp6', 'tcp', 'udp'] as const;
export const SPI_STRATEGIES = ['random', 'article'] as const;
export const MODES = ['transport', 'tunnel'] as const;

/**
 * Linux takes `unique:N` from setkey only for N up to 16383 (IPSEC_MANUAL_REQID_MAX in af_key.c);
 * larger ids are silently replaced by a kernel-chosen one that no manual SA carries. Each host pair
 * has its own id, so this bounds the number of pairs with level `unique`.
 */
export const MAX_REQID = 0x3fff;

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
  /** Tunnel mode only: the networks behind this gateway, canonical CIDR. */
  subnets: z
    .array(
      z.string().transform((value, ctx) => {
        const parsed = parseSubnet(value);
        if ('error' in parsed) {
          ctx.addIssue({ code: 'custom', message: parsed.error });
          return z.NEVER;
        }
        return parsed.text;
      }),
    )
    .optional(),
});

export const planSchema = z
  .object({
    version: z.literal(1).default(1),
    hosts: z.array(hostSchema).min(2, 'A link needs at least two hosts.'),
    mode: z.enum(MODES).default('transport'),
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
    if (plan.mode === 'tunnel') checkTunnel(plan, refuse);
    else {
      plan.hosts.forEach((host, index) => {
        if (host.subnets && host.subnets.length > 0) {
          refuse(
            ['hosts', index, 'subnets'],
            'Subnets are only used in tunnel mode: choose tunnel mode or remove them.',
          );
        }
      });
    }
    const pairs = (plan.hosts.length * (plan.hosts.length - 1)) / 2;
    if (plan.level === 'unique' && pairs > MAX_REQID) {
      refuse(
        ['level'],
        `Level unique binds each host pair to its own request id, and Linux accepts at most ${MAX_REQID} of them from setkey: use require with ${plan.hosts.length} hosts.`,
      );
    }
    if (
      (plan.upperProtocol === 'icmp' && family === 'ipv6') ||
      (plan.upperProtocol === 'icmp6' && family === 'ipv4')
    ) {
      refuse(['upperProtocol'], `${plan.upperProtocol} does not match the hosts' address family.`);
    }
  });

export type PlanInput = z.input<typeof planSchema>;
export type Plan = z.output<typeof planSchema>;

type Refuse = (path: (string | number)[], message: string) => void;

interface TunnelPlanShape {
  hosts: { name: string; address: string; subnets?: string[] | undefined }[];
  protocols: (typeof PROTOCOLS)[number];
}

/**
 * Tunnel mode joins two sites: each gateway's subnets travel to the other's inside ESP between the
 * gateway addresses. Every setkey.conf begins with flush, so two plans cannot share a gateway either;
 * more than two sites would need a mesh of tunnels, which this version does not generate.
 */
function checkTunnel(plan: TunnelPlanShape, refuse: Refuse): void {
  if (plan.hosts.length !== 2) {
    refuse(
      ['hosts'],
      `Tunnel mode joins exactly two gateways (one site-to-site tunnel), not ${plan.hosts.length}: more sites need a tunnel per gateway pair, which this version does not generate.`,
    );
  }
  if (plan.protocols === 'ah+esp') {
    refuse(
      ['protocols'],
      'AH+ESP is refused in tunnel mode: it needs an AH SA nested around the ESP tunnel, which Linux handles poorly, and ESP with integrity already protects the whole inner packet. Use ESP.',
    );
  }
  const parsed = plan.hosts.map((host) =>
    (host.subnets ?? []).map((text) => {
      const subnet = parseSubnet(text);
      return 'error' in subnet ? undefined : subnet;
    }),
  );
  const family = (address: string) => {
    const a = parseHostAddress(address);
    return 'family' in a ? a.family : undefined;
  };
  plan.hosts.forEach((host, index) => {
    if (!host.subnets || host.subnets.length === 0) {
      refuse(
        ['hosts', index, 'subnets'],
        `Gateway ${host.name} needs at least one subnet behind it in tunnel mode, e.g. 10.1.0.0/16.`,
      );
    }
    (parsed[index] ?? []).forEach((subnet, s) => {
      if (!subnet) return;
      const path = ['hosts', index, 'subnets', s];
      if (subnet.family !== family(host.address)) {
        refuse(
          path,
          `${subnet.text} is ${subnet.family === 'ipv4' ? 'IPv4' : 'IPv6'} but gateway ${host.name} is not: subnets and gateways use one address family.`,
        );
        return;
      }
      // Compare with every subnet listed before this one, on either gateway.
      for (let other = 0; other <= index; other++) {
        const list = parsed[other] ?? [];
        const upTo = other === index ? s : list.length;
        for (let t = 0; t < upTo; t++) {
          const earlier = list[t];
          if (earlier && subnetsOverlap(earlier, subnet)) {
            refuse(
              path,
              `${subnet.text} overlaps ${earlier.text} (hosts.${other}.subnets.${t}): each network must belong to one side only.`,
            );
            return;
          }
        }
      }
      plan.hosts.forEach((gateway, g) => {
        if (g !== index && subnetContains(subnet, gateway.address)) {
          refuse(
            path,
            `${subnet.text} contains the address of the other gateway ${gateway.name} (${gateway.address}): the tunnel's own packets would be routed into the tunnel.`,
          );
        }
      });
    });
  });
}
