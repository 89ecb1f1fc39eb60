import { hostPrefixLength } from '../address';
import type {
  HostConfig,
  Link,
  PolicyTemplate,
  SecurityAssociation,
  SecurityPolicy,
} from '../model';
import { formatSpi } from '../spi';

/** What the header says about the file; the date is passed in so output is reproducible. */
export interface RenderMeta {
  readonly toolVersion: string;
  readonly date: string;
}

const POLICY_INDENT = '           ';

export function formatSaLine(sa: SecurityAssociation): string {
  const parts = ['add', sa.src, sa.dst, sa.protocol, formatSpi(sa.spi)];
  // Without -m Linux installs the SA as transport; a tunnel SA must say so.
  if (sa.mode === 'tunnel') parts.push('-m', 'tunnel');
  // Level unique: the policy's unique:N finds only SAs carrying the same request id.
  if (sa.reqid !== undefined) parts.push('-u', String(sa.reqid));
  // setkey wants -E before -A; ESP always carries -E, even when it only authenticates.
  if (sa.encryption) {
    const key = sa.encryption.keyHex === '' ? '""' : `0x${sa.encryption.keyHex}`;
    parts.push('-E', sa.encryption.algorithm.id, key);
  }
  if (sa.integrity) parts.push('-A', sa.integrity.algorithm.id, `0x${sa.integrity.keyHex}`);
  return `${parts.join(' ')};`;
}

/** `esp/transport//require`, `esp/tunnel/GA-GB/require`, with `unique:N` for level unique. */
export function formatPolicyRule(t: PolicyTemplate): string {
  const endpoints = t.endpoints ? `${t.endpoints.src}-${t.endpoints.dst}` : '';
  const level = t.level === 'unique' && t.reqid !== undefined ? `unique:${t.reqid}` : t.level;
  return `${t.protocol}/${t.mode}/${endpoints}/${level}`;
}

/** A host selector is written bare, as the article does; a network with its prefix. */
const selector = (address: string, prefixLength: number): string =>
  prefixLength === hostPrefixLength(address.includes(':') ? 'ipv6' : 'ipv4')
    ? address
    : `${address}/${prefixLength}`;

export function formatPolicyLines(policy: SecurityPolicy): string[] {
  const rules = policy.templates.map((t) => `${POLICY_INDENT}${formatPolicyRule(t)}`);
  const src = selector(policy.src, policy.srcPrefixLength);
  const dst = selector(policy.dst, policy.dstPrefixLength);
  const head = `spdadd ${src} ${dst} ${policy.upperProtocol} -P ${policy.direction} ipsec`;
  return [head, ...rules.slice(0, -1), `${rules.at(-1) ?? ''};`];
}

/**
 * Both hosts of a pair write the same SA line: in a large mesh each line is formatted once and the
 * text shared (SAs are immutable, so the cache cannot go stale).
 */
const saLineCache = new WeakMap<SecurityAssociation, string>();
function cachedSaLine(sa: SecurityAssociation): string {
  let line = saLineCache.get(sa);
  if (line === undefined) {
    line = formatSaLine(sa);
    saLineCache.set(sa, line);
  }
  return line;
}

function describeGroup(sas: readonly SecurityAssociation[]): string {
  const first = sas[0];
  const bits = first?.protocol === 'ah' ? first.integrity?.keyBits : first?.encryption?.keyBits;
  return `# ${first?.protocol.toUpperCase()} SAs using ${bits} bit long keys`;
}

/** The non-secret choices, in one line for file headers. */
export function describeChoices(link: Link): string {
  const plan = link.plan;
  const enc = link.sas.find((sa) => sa.encryption)?.encryption;
  const auth = link.sas.find((sa) => sa.integrity)?.integrity;
  const parts = [`${plan.mode} mode`, plan.protocols.toUpperCase()];
  if (enc) parts.push(`${enc.algorithm.id} ${enc.keyBits}-bit`);
  if (auth) parts.push(`${auth.algorithm.id} (ICV ${auth.icvBits} bits)`);
  parts.push(`level ${plan.level}`, `upper protocol ${plan.upperProtocol}`);
  return `Choices: ${parts.join(', ')}.`;
}

/** What a tunnel gateway needs besides IPsec; the same facts appear in the script and README. */
export function tunnelPrerequisites(link: Link, host: HostConfig): string[] {
  const far = link.hosts
    .filter((h) => h.name !== host.name)
    .flatMap((h) => h.subnets)
    .join(' ');
  return [
    `Gateway ${host.name} carries ${host.subnets.join(' ')} to ${far} through the tunnel.`,
    `It forwards packets, so enable forwarding: sysctl -w ${forwardingSysctl(link)}=1`,
    `and it needs a route to ${far} (a default route will do) for packets to reach the tunnel.`,
  ];
}

export const forwardingSysctl = (link: Link): string =>
  link.family === 'ipv6' ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward';

export function renderSetkeyConf(link: Link, host: HostConfig, meta: RenderMeta): string {
  const lines = [
    '#!/usr/sbin/setkey -f',
    `# setkey.conf for host ${host.name} (${host.address}), written by ipsec-wizard ${meta.toolVersion} on ${meta.date}.`,
    `# ${describeChoices(link)}`,
    '# SECRET: this file holds the link keys. Keep it readable by root only (chmod 600).',
    '# Load it with: setkey -f setkey.conf',
    ...(link.plan.mode === 'tunnel'
      ? [
          ...tunnelPrerequisites(link, host).map((line) => `# ${line}`),
          '# setkey on Linux adds the fwd policy for each in policy by itself.',
        ]
      : []),
    '',
    '# Flush the SAD and SPD',
    'flush;',
    'spdflush;',
  ];
  for (const protocol of ['ah', 'esp'] as const) {
    const group = host.sas.filter((sa) => sa.protocol === protocol);
    if (group.length === 0) continue;
    lines.push('', describeGroup(group), ...group.map(cachedSaLine));
  }
  lines.push(
    '',
    link.plan.mode === 'tunnel'
      ? '# Security policies: each pair of subnets, outbound and inbound, through the gateways'
      : '# Security policies: outbound traffic to each peer and inbound from it',
  );
  host.policies
    .filter((policy) => policy.direction !== 'fwd')
    .forEach((policy, index) => {
      if (index > 0) lines.push('');
      lines.push(...formatPolicyLines(policy));
    });
  return `${lines.join('\n')}\n`;
}
