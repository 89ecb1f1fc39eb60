import { findAlgorithm } from '../algorithms';
import type { Link } from '../model';
import type { PlanInput } from '../plan';
import type { NextStep, PlanPatch, ThenAndNowNote } from './types';

/** Where the 2006 setup differs from today's advice, each with the modern choice as a plan patch. */

const MODERN_ESP: PlanPatch = { protocols: 'esp', integrity: { algorithm: 'hmac-sha512' } };

export function buildThenAndNow(link: Link): ThenAndNowNote[] {
  const plan = link.plan;
  const enc = findAlgorithm(plan.encryption.algorithm, 'encryption');
  const auth = findAlgorithm(plan.integrity.algorithm, 'integrity');
  const encBits = plan.encryption.keyBits ?? enc?.defaultKeyBits;
  const oldCipher =
    enc !== undefined &&
    enc.id !== 'null' &&
    (enc.standing === 'legacy' || enc.standing === 'weak');
  return [
    {
      id: 'ah-with-esp',
      topic: 'AH together with ESP',
      then: 'The article stacked AH (for authentication) on top of ESP (for encryption), the common recipe of the time.',
      now: 'ESP with an integrity algorithm encrypts and authenticates in one header, and current guidance no longer recommends adding AH on top. AH still has a niche: it also covers the IP header, but it breaks behind NAT and costs a second header per packet.',
      applies: plan.protocols === 'ah+esp',
      patch: MODERN_ESP,
      patchLabel: 'Use ESP alone with HMAC-SHA-512',
    },
    {
      id: 'sha1',
      topic: 'HMAC-SHA-1 and HMAC-MD5',
      then: 'hmac-sha1 with its 160-bit key was the obvious integrity choice in 2006, with hmac-md5 as the alternative.',
      now: "RFC 8221 marks HMAC-SHA-1 as legacy (MUST-) and forbids HMAC-MD5; some current kernels are built without them. HMAC-SHA-512 (or HMAC-SHA-256, minding its 96-bit ICV under setkey) is today's choice.",
      applies: auth?.id === 'hmac-sha1' || auth?.id === 'hmac-md5',
      patch: { integrity: { algorithm: 'hmac-sha512' } },
      patchLabel: 'Use HMAC-SHA-512',
    },
    {
      id: 'old-ciphers',
      topic: 'DES, 3DES, Blowfish and CAST',
      then: 'The kernel options of the time listed DES and Triple DES among the ciphers to enable, and peers such as older routers often spoke nothing else.',
      now: 'These ciphers have 64-bit blocks, and DES a key small enough to break by brute force. RFC 8221 forbids DES and Blowfish and discourages 3DES. AES-CBC with a 256-bit key replaces them.',
      applies: oldCipher,
      patch: { encryption: { algorithm: 'rijndael-cbc', keyBits: 256 } },
      patchLabel: 'Use AES-CBC with 256-bit keys',
    },
    {
      id: 'aes-192',
      topic: 'AES with 192-bit keys',
      then: 'The article used rijndael-cbc with a 192-bit key.',
      now: 'AES-192 is still sound, but RFC 8221 only says MAY for it; 128 and 256 bits are the sizes every implementation supports.',
      applies: enc?.id === 'rijndael-cbc' && encBits === 192,
      patch: { encryption: { algorithm: 'rijndael-cbc', keyBits: 256 } },
      patchLabel: 'Use 256-bit AES keys',
    },
    {
      id: 'manual-keys',
      topic: 'Manual keys versus IKE',
      then: 'Manual keying was presented as the simple first step, with automatic keying (racoon and X.509 certificates) announced for later.',
      now: 'Manual keys never change and give no forward secrecy: whoever obtains a key later can read everything recorded with it. Where both ends can run an IKEv2 daemon (strongSwan, Libreswan), use it. Manual keys remain useful to learn, to debug and for links where no daemon can run; if you keep them, regenerate the keys from time to time.',
      applies: true,
    },
    {
      id: 'tools',
      topic: 'ipsec-tools versus iproute2',
      then: 'setkey from ipsec-tools was the only way to load SAs and policies by hand.',
      now: "ipsec-tools is unmaintained; iproute2's ip xfrm ships with every Linux system and reaches the same kernel tables. ipsec-wizard writes ipsec-up.sh and ipsec-down.sh for it next to setkey.conf.",
      applies: true,
    },
    {
      id: 'random-device',
      topic: '/dev/random versus /dev/urandom',
      then: 'Keys were read from /dev/random, which could block until the kernel had gathered enough entropy.',
      now: "Since Linux 5.6 /dev/random only waits until the generator is first seeded; /dev/urandom, getrandom() and the browser's crypto.getRandomValues are all fit for keys.",
      applies: false,
    },
  ];
}

export function buildNextSteps(link: Link): NextStep[] {
  const hosts = link.hosts.map((h) => h.name).join(', ');
  return [
    {
      id: 'tunnel-mode',
      title: 'Tunnel mode between networks',
      paragraphs: [
        "The article's next part joined two networks through gateways with tunnel mode: the whole packet is wrapped in a new one between the gateways, and the policies name networks instead of hosts.",
        link.plan.mode === 'tunnel'
          ? 'This plan already is such a tunnel. The walkthrough covers what differs from transport mode: forwarding on the gateways, the fwd policies, and testing from machines behind the gateways.'
          : `ipsec-wizard writes tunnel mode too: choose tunnel mode, make two hosts the gateways and give each the networks behind it. This plan (${hosts}) uses transport mode, which protects traffic between the hosts themselves.`,
      ],
    },
    {
      id: 'ike',
      title: 'Automatic keying with IKE and certificates',
      paragraphs: [
        'The article announced racoon with X.509 certificates. racoon belonged to ipsec-tools and is gone with it; today strongSwan or Libreswan negotiate IKEv2, authenticate the hosts with certificates, and replace the keys regularly.',
        'ipsec-wizard does not write IKE configuration. What you learned here carries over: IKE fills the same SAD and SPD, and ip xfrm state and ip xfrm policy show what it installed.',
      ],
    },
  ];
}

/** Merges a patch into a plan input; the result still goes through planSchema. */
export function applyPlanPatch(plan: PlanInput, patch: PlanPatch): PlanInput {
  return {
    ...plan,
    ...(patch.protocols && { protocols: patch.protocols }),
    ...(patch.encryption && { encryption: { ...patch.encryption } }),
    ...(patch.integrity && { integrity: { ...patch.integrity } }),
  };
}
