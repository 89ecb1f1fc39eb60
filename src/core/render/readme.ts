import type { Link } from '../model';
import { describeChoices, forwardingSysctl, type RenderMeta } from './setkey';

const SECRETS_NOTE = [
  'secrets.json holds every SPI and key of this plan: keep it with the administrator, never on a',
  'host. To add a host later, pass it back with the edited plan (ipsec-wizard generate --plan',
  'plan.json --reuse secrets.json): every existing SA keeps its SPI and keys, so the new files of',
  'a running host only add the entries for the new peer, and its other pairs keep working',
  'whichever side is reloaded first.',
  '',
];

/** README.txt for a bundle: how to apply this plan's files on each host and test the link. */
export function renderBundleReadme(link: Link, meta: RenderMeta): string {
  if (link.plan.mode === 'tunnel') return renderTunnelReadme(link, meta);
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
    ...SECRETS_NOTE,
    'Test the link:',
    `  1. Configure ${first?.name} only. From ${first?.name}: ${ping} -c 3 ${second?.address}  -> must fail.`,
    `  2. Configure ${second?.name} too. The same ping must now work both ways.`,
    `  3. Watch the wire on either host: tcpdump -n -i IFACE esp or ah`,
    '     Only ESP/AH packets may appear, never plain ICMP.',
    '  4. ip -s xfrm state shows the counters of each SA moving.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Tunnel mode: the hosts are gateways; the test runs between machines in their subnets. */
function renderTunnelReadme(link: Link, meta: RenderMeta): string {
  const [first, second] = link.hosts;
  const ping = link.family === 'ipv6' ? 'ping -6' : 'ping';
  const sysctl = forwardingSysctl(link);
  const lines = [
    `IPsec configuration written by ipsec-wizard ${meta.toolVersion} on ${meta.date}.`,
    describeChoices(link),
    '',
    'Gateways and the subnets behind them:',
    ...link.hosts.map(
      (h) => `  ${h.name}  ${h.address}  subnets ${h.subnets.join(' ')}  -> folder ${h.name}/`,
    ),
    '',
    'Traffic between the two sides travels inside ESP/AH between the gateway addresses. Only',
    "subnet-to-subnet traffic is protected: the gateways' own traffic to each other is not (unless",
    "a gateway's address lies inside its own subnet, in which case its packets to the far subnets",
    'go through the tunnel too).',
    '',
    'The files hold secret keys. Copy each folder only to its own gateway (scp, as root), keep',
    'them mode 0600, and delete other copies.',
    '',
    'Prepare each gateway, as root:',
    `  sysctl -w ${sysctl}=1     (forwarding; make it permanent in /etc/sysctl.d/)`,
    '  A route to the far subnets (a default route will do), and the machines of each subnet',
    '  must route the far subnets through their own gateway (usually their default route).',
    '  ipsec-up.sh checks forwarding and the routes and warns; it does not change them.',
    '',
    'Apply on each gateway, as root, with ONE of:',
    '  setkey -f setkey.conf      (ipsec-tools; adds the fwd policies by itself)',
    "  sh ipsec-up.sh             (iproute2, today's Linux; writes the fwd policies)",
    'Undo with: sh ipsec-down.sh  (or flush everything: setkey -F; setkey -FP)',
    '',
    ...SECRETS_NOTE,
    'Test the tunnel:',
    `  1. Configure ${first?.name} only. From a machine in ${first?.subnets[0] ?? ''}, ${ping} a machine`,
    `     in ${second?.subnets[0] ?? ''}  -> must fail.`,
    `  2. Configure ${second?.name} too. The same ping must now work both ways.`,
    `  3. Watch the wire between the gateways: tcpdump -n -i IFACE host ${first?.address} and host ${second?.address}`,
    "     Only ESP/AH packets may appear, never the machines' plain ICMP.",
    '  4. ip -s xfrm state shows the counters of each SA moving.',
  ];
  return `${lines.join('\n')}\n`;
}
