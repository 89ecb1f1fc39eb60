import type { HostConfig, Link } from '../model';
import { planProtocols } from '../model';
import {
  exampleHostIn,
  forwardingCommand,
  kernelModules,
  pingCommand,
  sasBetween,
  spiBoth,
} from './plan-facts';
import type { TroubleshootingEntry } from './types';

/** Symptoms mapped to causes, with the commands that confirm them, for this plan's hosts. */

const STAT = 'grep -v " 0$" /proc/net/xfrm_stat';

/** What goes wrong only between gateways: forwarding, the fwd policy and routes. */
function tunnelEntries(link: Link, a: HostConfig, b: HostConfig): TroubleshootingEntry[] {
  const sysctl = link.family === 'ipv6' ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward';
  const far = exampleHostIn(b.subnets[0] ?? b.address);
  return [
    {
      id: 'forwarding-off',
      symptom: `The SA counters on gateway ${b.name} grow with every ping, but the machines in ${b.subnets.join(' and ')} never see the packets.`,
      cause: `Forwarding is off on gateway ${b.name}: it unwraps the packets and then drops them instead of passing them on to its network. Linux does not forward by default.`,
      fix: `Turn forwarding on (${sysctl}=1) on both gateways, and make it permanent in /etc/sysctl.conf or a file in /etc/sysctl.d/.`,
      commands: [
        { label: 'Is forwarding on? (1 means yes)', command: `sysctl ${sysctl}` },
        { label: 'Turn it on', command: forwardingCommand(link) },
      ],
    },
    {
      id: 'missing-fwd',
      symptom:
        'With ip xfrm commands written by hand, tunnel packets arrive and are decrypted, then dropped; XfrmInNoPols grows on the receiving gateway.',
      cause:
        'There is no fwd policy. After unwrapping a tunnel packet the gateway checks it against its fwd policies before passing it on, and without one it drops the packet. setkey adds fwd policies by itself; ip xfrm does not.',
      fix: 'Add a dir fwd policy next to every dir in policy, with the same selectors and template (ipsec-up.sh does this).',
      commands: [{ label: 'List the fwd policies', command: 'ip xfrm policy list dir fwd' }],
    },
    {
      id: 'no-route',
      symptom: `Machines behind gateway ${a.name} cannot reach ${b.subnets[0]}: tcpdump on the outer interface shows nothing leaving and no xfrm counter moves.`,
      cause: `Gateway ${a.name} has no route towards ${b.subnets.join(' and ')}, so the packets are dropped before IPsec ever sees them.`,
      fix: 'Give the gateway a route to the far networks through its outer interface (a default route will do); the policy then catches the packets and sends them through the tunnel.',
      commands: [
        {
          label: `On gateway ${a.name}: which route would be used`,
          command: `ip route get ${far}`,
          host: a.name,
        },
      ],
    },
  ];
}

export function buildTroubleshooting(link: Link): TroubleshootingEntry[] {
  const [a, b] = link.hosts;
  const aName = a ? `host ${a.name}` : 'the first host';
  const bName = b ? `host ${b.name}` : 'the second host';
  const bAddress = b?.address ?? '';
  const first = a && b ? sasBetween(link, a.name, b.name)[0] : undefined;
  const protocols = planProtocols(link.plan);
  const usesSha256 = link.plan.integrity.algorithm === 'hmac-sha256';
  const v6 = link.family === 'ipv6';
  const iptables = v6 ? 'ip6tables' : 'iptables';
  const numbers = protocols.map((p) =>
    p === 'esp' ? 'ESP is IP protocol 50' : 'AH is IP protocol 51',
  );
  return [
    {
      id: 'one-side',
      symptom: `The ping from ${aName} to ${bName} gets no answer at all.`,
      cause: `Only one side is configured. ${aName} protects its packets, but ${bName} has no SA to open them, so ${bName}'s kernel drops them and counts XfrmInNoStates. This is exactly what test 1 expects; it is a fault only once both hosts should be set up.`,
      fix: `Load ${bName}'s own files on ${bName}, then ping again.`,
      commands: [
        {
          label: `On ${bName}: is anything installed?`,
          command: 'ip xfrm state; ip xfrm policy',
          ...(b && { host: b.name }),
        },
        {
          label: `On ${bName}: which drop counters move`,
          command: STAT,
          ...(b && { host: b.name }),
        },
      ],
    },
    {
      id: 'swapped-directions',
      symptom:
        'Both hosts are configured, the ping still fails, and tcpdump shows ESP or AH one way but plain packets coming back; XfrmInTmplMismatch grows on the host that drops them.',
      cause:
        "in and out are swapped on one host, typically because the same file was loaded on both. That host's out policy names the peer as the source, so it matches none of its own traffic and its packets leave unprotected; the peer demands protection and drops them.",
      fix: `Load on each host the file ipsec-wizard wrote for it: on ${aName} the out policy has ${aName}'s address as its source.`,
      commands: [
        { label: 'Show each policy with its direction', command: 'ip xfrm policy' },
        { label: 'The same with setkey', command: 'setkey -DP' },
      ],
    },
    {
      id: 'mismatched-spi',
      symptom:
        'Packets arrive as ESP or AH (tcpdump shows them) but are dropped; XfrmInNoStates grows on the receiver.',
      cause: `The SPI, addresses or protocol of the sender's SA do not match any SA on the receiver, for instance after regenerating the files and loading them on one host only.${first ? ` In this plan host ${first.from} sends to host ${first.to} with SPI ${spiBoth(first.spi)}; the receiver must list the same SPI.` : ''}`,
      fix: 'Load files from the same generation on both hosts. Compare the SPIs listed by ip xfrm state on each side: every SA must appear on both.',
      commands: [
        { label: 'List the SAs with their SPIs', command: 'ip xfrm state | grep -E "^src|spi"' },
      ],
    },
    {
      id: 'mismatched-keys',
      symptom:
        'tcpdump shows the packets arriving, but the receiver rejects them: XfrmInStateProtoError grows, and ip -s xfrm state shows "failed" counting up.',
      cause:
        'The SA exists on both hosts with the same SPI, but the keys differ (a typo, a key pasted from an older file, or a passphrase typed differently). The integrity check fails, or the decrypted padding makes no sense, and the packet is discarded.',
      fix: 'Copy the key lines from one freshly generated set of files to both hosts; do not edit keys by hand.',
      commands: [
        { label: 'Per-SA counters, including failed checks', command: 'ip -s xfrm state' },
      ],
    },
    {
      id: 'template-order',
      symptom:
        'With AH and ESP together, the SAs are right but packets are dropped with XfrmInTmplMismatch.',
      cause:
        'The hosts list the policy rules in different orders (esp then ah on one, ah then esp on the other). The received packet carries the layers in one order and the policy expects the other, so the kernel finds no template to match.',
      fix: 'Use the same order on both hosts: ESP first (inner), AH second (outer), as ipsec-wizard writes it.',
      commands: [{ label: 'Compare the tmpl lines on both hosts', command: 'ip xfrm policy' }],
    },
    {
      id: 'sha256-truncation',
      symptom:
        'One host uses setkey.conf, the other an ip xfrm script you wrote, and every packet fails the integrity check (XfrmInStateProtoError).',
      cause: `Linux setkey gives hmac-sha256 a 96-bit ICV, while RFC 4868 and many hand-written ip xfrm lines use 128 bits. The two sides then compute checksums of different length and reject each other's packets.${usesSha256 ? ' This plan uses hmac-sha256: ipsec-wizard writes 96 bits into the ip xfrm scripts so they match setkey hosts.' : ''}`,
      fix: "Make every peer use the same ICV length: auth-trunc 'hmac(sha256)' KEY 96 next to setkey hosts, or choose hmac-sha512, which has the same 256-bit ICV in both tools.",
      commands: [
        { label: 'See the ICV length of each SA', command: 'ip xfrm state | grep -E "auth"' },
      ],
    },
    {
      id: 'kernel-modules',
      symptom:
        'setkey or ip xfrm refuses to add the SAs (for example "Requested type not found" or "Protocol not supported").',
      cause:
        'The kernel lacks the IPsec protocol module or the algorithm. Minimal and container kernels often leave them out, and modern kernels may drop old algorithms such as DES, 3DES, MD5 or SHA-1.',
      fix: 'Load the modules, or pick an algorithm the kernel has (AES-CBC with HMAC-SHA-512 is everywhere).',
      commands: [
        {
          label: 'Load the modules this plan needs',
          command: `modprobe -a ${kernelModules(link).join(' ')}`,
        },
        {
          label: 'List the algorithms the kernel has loaded',
          command: 'grep -E "^name" /proc/crypto | sort -u',
        },
      ],
    },
    {
      id: 'firewall',
      symptom:
        'tcpdump on the sender shows the packets leaving, tcpdump on the receiver shows nothing, or shows them arriving but the ping still fails with no xfrm counter moving.',
      cause: `A firewall drops IPsec. ${numbers.join(' and ')}: neither is TCP or UDP, and firewalls that only open ports let them fall through to the default drop.`,
      fix: `Allow ${protocols.map((p) => p.toUpperCase()).join(' and ')} between the hosts on both sides, and on any firewall between them.`,
      commands: protocols.map((p) => ({
        label: `Accept ${p.toUpperCase()} from the peer (iptables syntax; adapt for nftables)`,
        command: `${iptables} -I INPUT -p ${p} -s ${bAddress} -j ACCEPT`,
        ...(a && { host: a.name }),
      })),
    },
    ...(link.plan.mode === 'tunnel' && a && b ? tunnelEntries(link, a, b) : []),
    {
      id: 'reading-counters',
      symptom: 'You want to know where packets are lost.',
      cause:
        'The kernel counts every IPsec drop in /proc/net/xfrm_stat and every SA’s traffic in ip -s xfrm state. XfrmInNoStates: an arriving packet matched no SA (wrong SPI, address or protocol, or the peer alone is configured). XfrmInStateProtoError: the SA was found but the packet failed its check (wrong key or ICV length). XfrmInTmplMismatch: the SAs worked but the policy wanted other layers or another order. XfrmInNoPols: protected traffic arrived and no in policy covers it. XfrmInStateMismatch: the SA matched but one of its options did not (for example UDP encapsulation). XfrmOutNoStates: a policy demanded protection and there is no outbound SA to provide it.',
      fix: `Run ${pingCommand(link, bAddress)} and watch which counter moves on each host. In ip -s xfrm state, "lifetime current" shows bytes and packets per SA and "failed" the packets rejected by its integrity check.`,
      commands: [
        { label: 'Non-zero drop counters', command: STAT },
        { label: 'Per-SA traffic and failures', command: 'ip -s xfrm state' },
        { label: 'Watch counters while pinging', command: `watch -n1 '${STAT}'` },
      ],
    },
  ];
}
