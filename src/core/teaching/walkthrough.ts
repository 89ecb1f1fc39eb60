import { describeBits } from '../algorithms';
import type { Link } from '../model';
import { planProtocols } from '../model';
import { formatPolicyLines, formatSaLine } from '../render/setkey';
import { formatXfrmPolicy } from '../render/xfrm';
import {
  forwardingCommand,
  kernelModules,
  keysOf,
  pingCommand,
  pingEnds,
  sasBetween,
  scpTarget,
  spiBoth,
  tcpdumpLine,
} from './plan-facts';
import type { TeachingCommand, WalkthroughStep } from './types';

/**
 * The guided path, in the order the 2006 article takes it, filled in with the reader's own plan:
 * kernel and tools, the SPD, the SAD, keys, applying, testing. Commands name this plan's hosts.
 */

const protocolsText = (link: Link): string =>
  planProtocols(link.plan)
    .map((p) => p.toUpperCase())
    .join(' and ');

function kernelStep(link: Link): WalkthroughStep {
  const modules = kernelModules(link);
  const family = link.family === 'ipv6' ? 'IPv6' : 'IPv4';
  return {
    id: 'kernel-and-tools',
    title: 'Kernel and tools',
    paragraphs: [
      'IPsec on Linux lives in the kernel: the xfrm framework matches packets against policies and transforms them with the keys of the SAs. There is no special network interface; protected packets leave through the usual one.',
      `For this plan (${protocolsText(link)} over ${family}) the kernel needs ${modules
        .slice(0, -2)
        .join(
          ' and ',
        )}, plus xfrm_user (the netlink interface ip xfrm talks to) and af_key (the PF_KEY interface setkey talks to). Distribution kernels ship them as modules that load on demand; the ciphers and hashes load the same way.`,
      ...(link.plan.mode === 'tunnel'
        ? [
            'In tunnel mode both machines are gateways: they pass packets between their own networks and the tunnel, so the kernel must forward packets, which it does not do by default.',
          ]
        : []),
      'In 2006 the tool for manual keys was setkey from ipsec-tools. ipsec-tools has not had a release since 2014 and distributions have been dropping it (Debian 12 no longer ships it); today the ip command of iproute2, present on every Linux system, does the same job with ip xfrm. ipsec-wizard writes both: setkey.conf and ipsec-up.sh are two ways to load the same SAs and policies.',
    ],
    commands: [
      {
        label: 'Load the kernel modules (as root)',
        command: `modprobe -a ${modules.join(' ')}`,
      },
      { label: 'Check that they are there', command: `lsmod | grep -E '^(${modules.join('|')}) '` },
      { label: 'Check ip xfrm works (prints nothing on a fresh host)', command: 'ip xfrm state' },
      ...(link.plan.mode === 'tunnel'
        ? [
            {
              label: 'Let each gateway forward packets (as root)',
              command: forwardingCommand(link),
            },
          ]
        : []),
      {
        label: 'Optional: the 2006 tool, on distributions that still package it',
        command: 'apt-get install ipsec-tools',
      },
    ],
  };
}

function spdStep(link: Link): WalkthroughStep {
  const [first] = link.hosts;
  const policies = first?.policies.slice(0, 2) ?? [];
  const out = policies.find((p) => p.direction === 'out');
  const level = link.plan.level;
  const levelText =
    level === 'use'
      ? 'Level use lets packets through unprotected when no SA exists: convenient while testing, but an attacker can then talk to the host in clear text.'
      : `Level ${level} makes protection mandatory: a packet that would need an SA is not sent without one, and an unprotected packet from the peer is dropped.`;
  const templates = out?.templates.map((t) => t.protocol.toUpperCase()) ?? [];
  const tunnel = link.plan.mode === 'tunnel';
  return {
    id: 'spd',
    title: 'The SPD: which packets must use IPsec',
    paragraphs: [
      'The Security Policy Database holds rules that look at each packet’s addresses and protocol and decide whether it must be protected. It carries no keys; it only says what protection is required.',
      tunnel
        ? `In tunnel mode the policies match the networks behind the gateways rather than the gateways themselves: on gateway ${first?.name}, out covers traffic from ${first?.subnets.join(' and ')} to the networks behind gateway ${out?.peer}, and its rule names the tunnel from one gateway's address to the other's. Gateway ${out?.peer} holds the mirror image as in policies.`
        : `Every host gets two policies per peer: out for what it sends and in for what it receives. They are mirrored: host ${first?.name}'s out policy towards host ${out?.peer} reads, on host ${out?.peer}, as an in policy with the same addresses. Load the same file on both hosts and the directions are wrong on one of them; ipsec-wizard writes each host its own file for that reason.`,
      ...(tunnel
        ? [
            'A gateway needs a third direction, fwd, for the packets it passes on to its network after unwrapping them. setkey on Linux creates it by itself for every in policy; ip xfrm does not, so ipsec-up.sh writes the fwd policies too.',
          ]
        : []),
      tunnel
        ? `This plan uses ${templates[0] ?? ''} in tunnel mode: the whole original packet, its IP header included, travels protected inside a new packet between the gateways.`
        : templates.length > 1
          ? `This plan stacks ${templates.join(' and ')}. The rules are applied inner to outer: ${templates[0]} wraps the payload first and ${templates[1]} goes around it, so the packet on the wire reads IP | ${templates[1]} | ${templates[0]} | payload.`
          : `This plan uses ${templates[0] ?? ''} alone, in transport mode: the original IP header stays and the payload is protected.`,
      levelText,
    ],
    commands: [
      ...(out && first
        ? [
            {
              label: `The outbound policy of host ${first.name} in setkey.conf`,
              command: formatPolicyLines(out).join('\n'),
              host: first.name,
            },
            {
              label: 'The same policy for ip xfrm',
              command: formatXfrmPolicy(out),
              host: first.name,
            },
          ]
        : []),
      { label: 'List the SPD with ip', command: 'ip xfrm policy' },
      { label: 'List the SPD with setkey', command: 'setkey -DP' },
    ],
  };
}

/** The plan's own algorithms and why their keys have the lengths they have. */
function keyLengthsText(link: Link): string {
  const seen = new Map<string, string>();
  for (const sa of link.sas) {
    for (const keyed of [sa.encryption, sa.integrity]) {
      if (!keyed || keyed.keyBits === 0 || seen.has(keyed.algorithm.id)) continue;
      const choices =
        keyed.algorithm.keyBits.length > 1
          ? ` (it accepts ${describeBits(keyed.algorithm.keyBits)})`
          : '';
      seen.set(
        keyed.algorithm.id,
        `${keyed.algorithm.id} keys have ${keyed.keyBits} bits${choices}`,
      );
    }
  }
  return `The algorithm fixes each key's length. In this plan ${[...seen.values()].join(' and ')}. Every SA gets its own random key, so one leaked key exposes one direction of one protocol only.`;
}

function sadStep(link: Link): WalkthroughStep {
  const [a, b] = link.hosts;
  const pair =
    a && b ? [...sasBetween(link, a.name, b.name), ...sasBetween(link, b.name, a.name)] : [];
  return {
    id: 'sad',
    title: 'The SAD: one SA per direction and protocol',
    paragraphs: [
      'The Security Association Database holds the keys. Each SA covers one direction and one protocol between two addresses, so a pair of hosts needs two SAs per protocol, and both hosts hold the same SAs: the sender to protect, the receiver to check and decrypt.',
      'The receiver finds the right SA by destination address, protocol and SPI (the Security Parameters Index written in every AH and ESP header). SPIs must therefore be unique per receiver; ipsec-wizard keeps them unique across the whole plan and never uses the reserved values 0 to 255.',
      `This plan has ${link.sas.length} SAs. Between host ${a?.name} and host ${b?.name}: ${pair
        .map(
          (sa) => `${sa.from} to ${sa.to} ${sa.protocol.toUpperCase()} with SPI ${spiBoth(sa.spi)}`,
        )
        .join('; ')}.`,
      keyLengthsText(link),
    ],
    commands: [
      ...(pair[0]
        ? [
            {
              label: 'One SA line of this plan (key hidden here)',
              command: formatSaLine(pair[0]).replace(/0x[0-9a-f]{16,}/g, '0x…'),
            },
          ]
        : []),
      {
        label: 'List the SAD with ip (shows the keys: mind who watches)',
        command: 'ip xfrm state',
      },
      { label: 'List the SAD with setkey', command: 'setkey -D' },
    ],
  };
}

function keysStep(link: Link): WalkthroughStep {
  const keys = keysOf(link);
  const lengths = [...new Set(keys.map((k) => k.bits))].sort((x, y) => x - y);
  const commands: TeachingCommand[] = lengths.flatMap((bits) => [
    {
      label: `The 2006 way: one ${bits}-bit key (${bits / 8} bytes)`,
      command: `dd if=/dev/random count=${bits / 8} bs=1 2>/dev/null | xxd -ps -c ${bits / 8}`,
    },
  ]);
  commands.push({
    label: 'The same today, for a 256-bit key',
    command: 'head -c 32 /dev/urandom | xxd -ps -c 32',
  });
  return {
    id: 'keys',
    title: 'Generating the keys',
    paragraphs: [
      `This plan needs ${keys.length} keys of ${lengths.join(' and ')} bits: one per SA and role. By hand you would read that many random bytes from the kernel and print them as hex, one command per key; count is the number of bytes, the bits divided by 8.`,
      'xxd -ps breaks its output after 30 bytes; -c with the byte count keeps a key on one line, so it can be pasted after 0x. On kernels before 5.6, /dev/random could stall until enough entropy had been gathered; today /dev/urandom and /dev/random give the same quality once the system has booted.',
      'ipsec-wizard did this for you in the browser: every key comes from crypto.getRandomValues (the Web Crypto API, backed by the operating system’s generator), or, when you chose a passphrase, from PBKDF2 and HKDF over it. The keys never leave the page except in the files you download.',
      'Never reuse a key from an example, an article or another link: a published key protects nothing.',
    ],
    commands,
  };
}

function applyStep(link: Link): WalkthroughStep {
  const commands: TeachingCommand[] = link.hosts.flatMap((host) => [
    {
      label: `Copy host ${host.name}'s files to host ${host.name} only`,
      command: `scp ${host.name}/setkey.conf ${host.name}/ipsec-up.sh ${host.name}/ipsec-down.sh ${scpTarget(host.address)}:/root/`,
    },
    {
      label: `On host ${host.name} (${host.address}), as root: keep the keys private and load them with setkey`,
      command: 'chmod 600 /root/setkey.conf /root/ipsec-up.sh && setkey -f /root/setkey.conf',
      host: host.name,
    },
    {
      label: `Or on host ${host.name}, with ip xfrm instead`,
      command: 'chmod 600 /root/ipsec-up.sh && sh /root/ipsec-up.sh',
      host: host.name,
    },
    ...(link.plan.mode === 'tunnel'
      ? [
          {
            label: `On gateway ${host.name}: forward packets between its networks and the tunnel`,
            command: forwardingCommand(link),
            host: host.name,
          },
        ]
      : []),
  ]);
  return {
    id: 'apply',
    title: 'Applying the files on each host',
    paragraphs: [
      'Each host gets its own folder: its own address appears as the source of its out policies. Copy a folder to the host it is named after and to no other, then delete the copies you no longer need: the files hold the keys.',
      'Use one of the two formats per host: setkey.conf starts with flush; and spdflush;, which wipe every SA and policy already on the host, while ipsec-up.sh removes only the entries it is about to add. The hosts may differ: a host loading setkey.conf and one running ipsec-up.sh interoperate.',
    ],
    commands,
  };
}

function testSteps(link: Link): WalkthroughStep[] {
  const [a, b] = link.hosts;
  if (!a || !b) return [];
  const iface = 'IFACE';
  const tunnel = link.plan.mode === 'tunnel';
  const forward = tcpdumpLine(link, a, b, false);
  const back = tcpdumpLine(link, b, a, true);
  const ahOnly = link.plan.protocols === 'ah';
  const [fromA, toB] = pingEnds(link, a, b);
  const behind = (host: typeof a) => `a machine in ${host.subnets.join(' or ')}`;
  // In tunnel mode the test traffic runs between machines behind the gateways.
  const pingAB: TeachingCommand = tunnel
    ? {
        label: `On ${behind(a)}: ping one in ${b.subnets[0]} (${toB} is an example address; use a real machine)`,
        command: pingCommand(link, toB),
      }
    : {
        label: `On host ${a.name}: ping host ${b.name}`,
        command: pingCommand(link, b.address),
        host: a.name,
      };
  const pingBA: TeachingCommand = tunnel
    ? {
        label: `On ${behind(b)}: ping one in ${a.subnets[0]} (${fromA} is an example address)`,
        command: pingCommand(link, fromA),
      }
    : {
        label: `On host ${b.name}: ping host ${a.name}`,
        command: pingCommand(link, a.address),
        host: b.name,
      };
  const side = tunnel ? 'gateway' : 'host';
  return [
    {
      id: 'test-one-side',
      title: `Test 1: only ${side} ${a.name} configured, the ping must fail`,
      paragraphs: [
        tunnel
          ? `Load the files on gateway ${a.name} and not yet on gateway ${b.name}. Gateway ${a.name} now wraps everything from its networks to ${b.subnets.join(' and ')} in ${protocolsText(link)}, and gateway ${b.name} has no SA to unwrap it, so it drops the packets. The ping gets no answer.`
          : `Load the files on host ${a.name} and not yet on host ${b.name}. The policy on host ${a.name} now demands IPsec for everything it exchanges with host ${b.name}, and host ${b.name} has no SA to open those packets, so it drops them. The ping gets no answer.`,
        ...(tunnel
          ? [
              `Ping between machines behind the gateways, not from gateway to gateway: the policies cover only the networks. From gateway ${a.name} itself, ping -I with its own address inside ${a.subnets[0]} sends a packet the policy matches.`,
            ]
          : []),
        'A ping that still works here means the policy is not in force: check that the files were loaded on the right host and that the level is not use.',
      ],
      commands: [{ ...pingAB, label: `${pingAB.label}; expect 100% packet loss` }],
    },
    {
      id: 'test-both',
      title: `Test 2: both configured, the ping must work`,
      paragraphs: [
        `Now load ${side} ${b.name}'s files as well. Each side holds the SAs for both directions, so requests and replies are protected and checked, and the ping succeeds.`,
        `Run ip -s xfrm state on either ${side}: the packet counters of the SAs grow with every ping, on ${side} ${a.name}'s outbound SA and on ${side} ${b.name}'s matching inbound one.`,
        ...(tunnel
          ? [
              'If the counters grow but no reply arrives, the packets are unwrapped and then lost: check forwarding and the routes on both gateways (see the troubleshooting section).',
            ]
          : []),
      ],
      commands: [pingAB, pingBA, { label: 'Watch the SA counters', command: 'ip -s xfrm state' }],
    },
    {
      id: 'sniff',
      title: 'Test 3: the wire shows only AH and ESP',
      paragraphs: [
        `A sniffer proves the kernel is not sending anything in clear. Replace ${iface} with the interface towards the ${tunnel ? 'other gateway' : 'peer'} (ip route get ${b.address} names it after "dev").`,
        `While ${tunnel ? `${fromA} pings ${toB}` : `host ${a.name} pings host ${b.name}`}, the output should look like the lines below: the SPIs are this plan's own, ${side} ${a.name} to ${side} ${b.name} one way and back on the replies. Times, sequence numbers and checksums will differ.`,
        ahOnly
          ? `With AH alone the ${tunnel ? 'inner packet' : 'ICMP inside'} stays readable: AH proves who sent a packet and that nobody changed it, but it does not hide anything. Choose ESP when the content must be secret.`
          : `The payload appears only as ESP: tcpdump cannot see that it is a ping${tunnel ? ', nor which machines behind the gateways are talking' : ''}. A line showing plain ICMP between the two ${tunnel ? 'networks on this interface' : 'hosts'} means some traffic escapes the policy.`,
      ],
      sampleOutput: {
        label: `tcpdump on ${side} ${a.name} during the ping`,
        text: `${forward}\n${back}`,
      },
      commands: [
        {
          label: `On ${side} ${a.name} or ${side} ${b.name}, as root`,
          command: `tcpdump -n -i ${iface} esp or ah`,
        },
        {
          label: `Find the interface towards the ${tunnel ? 'other gateway' : 'peer'}`,
          command: `ip route get ${b.address}`,
          host: a.name,
        },
      ],
    },
    {
      id: 'undo',
      title: 'Undoing it',
      paragraphs: [
        'ipsec-down.sh removes exactly the SAs and policies ipsec-up.sh added and leaves everything else alone. setkey has no such precise undo for a whole file; flushing removes every SA and every policy on the host, including ones that did not come from ipsec-wizard.',
      ],
      commands: [
        { label: 'With the ip xfrm script', command: 'sh /root/ipsec-down.sh' },
        { label: 'With setkey (removes everything)', command: 'setkey -F && setkey -FP' },
      ],
    },
  ];
}

export function buildWalkthrough(link: Link): WalkthroughStep[] {
  return [
    kernelStep(link),
    spdStep(link),
    sadStep(link),
    keysStep(link),
    applyStep(link),
    ...testSteps(link),
  ];
}
