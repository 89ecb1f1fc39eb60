import type { Link } from '../model';
import { describeChoices, type RenderMeta } from './setkey';

/** README.txt for a bundle: how to apply this plan's files on each host and test the link. */
export function renderBundleReadme(link: Link, meta: RenderMeta): string {
  const [first, second] = link.hosts;
  const ping = link.family === 'ipv6' ? 'ping -6' : 'ping';
  const lines = [
    `IPsec configuration written by ipsec-wizard ${meta.toolVersion} on ${meta.date}.`,
    describeChoices(link),
    '',
    'Hosts:',
    ...link.hosts.map((h) => `  ${h.name}  ${h.address}  -> folder ${h.name}/`),
    '',
    'The files hold secret keys. Copy each folder only to its own host (scp, as root), keep',
    'them mode 0600, and delete other copies.',
    '',
    'Apply on every host, as root, with ONE of:',
    '  setkey -f setkey.conf      (ipsec-tools)',
    "  sh ipsec-up.sh             (iproute2, today's Linux)",
    'Undo with: sh ipsec-down.sh  (or flush everything: setkey -F; setkey -FP)',
    '',
    'Test the link:',
    `  1. Configure ${first?.name} only. From ${first?.name}: ${ping} -c 3 ${second?.address}  -> must fail.`,
    `  2. Configure ${second?.name} too. The same ping must now work both ways.`,
    `  3. Watch the wire on either host: tcpdump -n -i IFACE esp or ah`,
    '     Only ESP/AH packets may appear, never plain ICMP.',
    '  4. ip -s xfrm state shows the counters of each SA moving.',
  ];
  return `${lines.join('\n')}\n`;
}
