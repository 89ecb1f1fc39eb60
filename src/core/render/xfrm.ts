import type { HostConfig, Link, SecurityAssociation, SecurityPolicy } from '../model';
import { formatSpi } from '../spi';
import { describeChoices, forwardingSysctl, tunnelPrerequisites, type RenderMeta } from './setkey';

/** ip xfrm spells the levels differently; `unique` is `required` bound to one SA by reqid. */
const XFRM_LEVEL = { require: 'required', use: 'use', unique: 'required' } as const;

const stateId = (sa: SecurityAssociation): string =>
  `src ${sa.src} dst ${sa.dst} proto ${sa.protocol} spi ${formatSpi(sa.spi)}`;

export function formatXfrmState(sa: SecurityAssociation): string {
  const parts = ['ip xfrm state add', stateId(sa), `mode ${sa.mode}`];
  if (sa.reqid !== undefined) parts.push(`reqid ${sa.reqid}`);
  if (sa.encryption) {
    const key = sa.encryption.keyHex === '' ? '""' : `0x${sa.encryption.keyHex}`;
    parts.push(`enc '${sa.encryption.algorithm.xfrmName}' ${key}`);
  }
  if (sa.integrity) {
    parts.push(
      `auth-trunc '${sa.integrity.algorithm.xfrmName}' 0x${sa.integrity.keyHex} ${sa.integrity.icvBits}`,
    );
  }
  return parts.join(' ');
}

/** Both hosts of a pair add the same state: format it once (SAs are immutable). */
const stateLineCache = new WeakMap<SecurityAssociation, string>();
function cachedStateLine(sa: SecurityAssociation): string {
  let line = stateLineCache.get(sa);
  if (line === undefined) {
    line = formatXfrmState(sa);
    stateLineCache.set(sa, line);
  }
  return line;
}

const policySelector = (p: SecurityPolicy): string =>
  `src ${p.src}/${p.srcPrefixLength} dst ${p.dst}/${p.dstPrefixLength}` +
  (p.upperProtocol === 'any'
    ? ''
    : ` proto ${p.upperProtocol === 'icmp6' ? 'ipv6-icmp' : p.upperProtocol}`) +
  ` dir ${p.direction}`;

export function formatXfrmPolicy(p: SecurityPolicy): string {
  const templates = p.templates.map((t) =>
    [
      'tmpl',
      ...(t.endpoints ? [`src ${t.endpoints.src} dst ${t.endpoints.dst}`] : []),
      `proto ${t.protocol} mode ${t.mode}`,
      ...(t.reqid !== undefined ? [`reqid ${t.reqid}`] : []),
      `level ${XFRM_LEVEL[t.level]}`,
    ].join(' '),
  );
  return ['ip xfrm policy add', policySelector(p), ...templates].join(' ');
}

const header = (link: Link, host: HostConfig, meta: RenderMeta, what: string): string[] => [
  '#!/bin/sh',
  `# ${what} for host ${host.name} (${host.address}), written by ipsec-wizard ${meta.toolVersion} on ${meta.date}.`,
  `# ${describeChoices(link)}`,
];

function removalLines(host: HostConfig): string[] {
  return [
    ...host.policies.map((p) => `ip xfrm policy delete ${policySelector(p)} 2>/dev/null || true`),
    ...host.sas.map((sa) => `ip xfrm state delete ${stateId(sa)} 2>/dev/null || true`),
  ];
}

/**
 * A gateway must forward, but turning routing on is a system-wide decision the down script could not
 * undo safely, so the up script checks and warns instead of changing it.
 */
function tunnelChecks(link: Link, host: HostConfig): string[] {
  const sysctl = forwardingSysctl(link);
  const proc = `/proc/sys/${sysctl.replaceAll('.', '/')}`;
  const far = link.hosts.filter((h) => h.name !== host.name).flatMap((h) => h.subnets);
  return [
    ...tunnelPrerequisites(link, host).map((line) => `# ${line}`),
    `if [ "$(cat ${proc} 2>/dev/null)" != 1 ]; then`,
    `  echo "ipsec-wizard: warning: forwarding is off on ${host.name}; the subnets stay apart until: sysctl -w ${sysctl}=1" >&2`,
    'fi',
    ...far.map((subnet) => {
      const base = subnet.slice(0, subnet.indexOf('/'));
      return `ip route get ${base} >/dev/null 2>&1 || echo "ipsec-wizard: warning: ${host.name} has no route to ${subnet}; add one (a default route will do)." >&2`;
    }),
  ];
}

export function renderXfrmUp(link: Link, host: HostConfig, meta: RenderMeta): string {
  const tunnel = link.plan.mode === 'tunnel';
  const lines = [
    ...header(link, host, meta, 'ipsec-up.sh'),
    '# SECRET: this file holds the link keys. Keep it readable by root only (chmod 600).',
    '# Run as root: sh ipsec-up.sh    (undo with ipsec-down.sh)',
    'set -eu',
    '',
    '# Remove what an earlier run left, so the script can be run again.',
    ...removalLines(host),
    '',
    '# Security associations (the SAD): one per direction and protocol',
    ...host.sas.map(cachedStateLine),
    '',
    tunnel
      ? '# Security policies (the SPD): each subnet pair out, in, and fwd (ip xfrm does not add fwd)'
      : '# Security policies (the SPD): outbound traffic to each peer and inbound from it',
    ...host.policies.map(formatXfrmPolicy),
    '',
    ...(tunnel ? [...tunnelChecks(link, host), ''] : []),
    `echo "ipsec-wizard: ${host.sas.length} SAs and ${host.policies.length} policies installed on ${host.name}."`,
  ];
  return `${lines.join('\n')}\n`;
}

export function renderXfrmDown(link: Link, host: HostConfig, meta: RenderMeta): string {
  const lines = [
    ...header(link, host, meta, 'ipsec-down.sh'),
    '# Run as root: sh ipsec-down.sh. Removes exactly what ipsec-up.sh added, nothing else.',
    '',
    ...removalLines(host),
    '',
    `echo "ipsec-wizard: IPsec entries for ${host.name} removed."`,
  ];
  return `${lines.join('\n')}\n`;
}
