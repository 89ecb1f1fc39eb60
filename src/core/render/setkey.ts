import type { HostConfig, Link, SecurityAssociation, SecurityPolicy } from '../model';
import { formatSpi } from '../spi';

/** What the header says about the file; the date is passed in so output is reproducible. */
export interface RenderMeta {
  readonly toolVersion: string;
  readonly date: string;
}

const POLICY_INDENT = '           ';

export function formatSaLine(sa: SecurityAssociation): string {
  const parts = ['add', sa.src, sa.dst, sa.protocol, formatSpi(sa.spi)];
  // setkey wants -E before -A; ESP always carries -E, even when it only authenticates.
  if (sa.encryption) {
    const key = sa.encryption.keyHex === '' ? '""' : `0x${sa.encryption.keyHex}`;
    parts.push('-E', sa.encryption.algorithm.id, key);
  }
  if (sa.integrity) parts.push('-A', sa.integrity.algorithm.id, `0x${sa.integrity.keyHex}`);
  return `${parts.join(' ')};`;
}

export function formatPolicyLines(policy: SecurityPolicy): string[] {
  const rules = policy.templates.map((t) => `${POLICY_INDENT}${t.protocol}/transport//${t.level}`);
  const head = `spdadd ${policy.src} ${policy.dst} ${policy.upperProtocol} -P ${policy.direction} ipsec`;
  return [head, ...rules.slice(0, -1), `${rules.at(-1) ?? ''};`];
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

export function renderSetkeyConf(link: Link, host: HostConfig, meta: RenderMeta): string {
  const lines = [
    '#!/usr/sbin/setkey -f',
    `# setkey.conf for host ${host.name} (${host.address}), written by ipsec-wizard ${meta.toolVersion} on ${meta.date}.`,
    `# ${describeChoices(link)}`,
    '# SECRET: this file holds the link keys. Keep it readable by root only (chmod 600).',
    '# Load it with: setkey -f setkey.conf',
    '',
    '# Flush the SAD and SPD',
    'flush;',
    'spdflush;',
  ];
  for (const protocol of ['ah', 'esp'] as const) {
    const group = host.sas.filter((sa) => sa.protocol === protocol);
    if (group.length === 0) continue;
    lines.push('', describeGroup(group), ...group.map(formatSaLine));
  }
  lines.push('', '# Security policies: outbound traffic to each peer and inbound from it');
  host.policies.forEach((policy, index) => {
    if (index > 0) lines.push('');
    lines.push(...formatPolicyLines(policy));
  });
  return `${lines.join('\n')}\n`;
}
