import { ALGORITHMS, usableWithManualKeys } from '../../src/core/algorithms';
import { buildLink, type Link } from '../../src/core/model';
import { planSchema, type PlanInput } from '../../src/core/plan';
import { PRESETS } from '../../src/core/presets';
import { renderSetkeyConf } from '../../src/core/render/setkey';
import { renderXfrmDown, renderXfrmUp } from '../../src/core/render/xfrm';
import type { ExplainFormat } from '../../src/core/explain';

/** Plans covering every protocol, family, level, upper protocol and usable algorithm. */

export const meta = { toolVersion: '0.1.0', date: '2026-11-28' };
export const v4 = [
  { name: 'a', address: '192.168.1.100' },
  { name: 'b', address: '192.168.2.100' },
];
const v6 = [
  { name: 'left', address: '2001:db8::1' },
  { name: 'right', address: '2001:db8::2' },
];

export const gateways4 = [
  { name: 'a', address: '192.168.1.1', subnets: ['10.1.0.0/16', '10.3.0.0/24'] },
  { name: 'b', address: '192.168.2.1', subnets: ['10.2.0.0/16'] },
];

export function planInputs(): [string, PlanInput][] {
  const inputs: [string, PlanInput][] = [
    ['esp default', { hosts: v4 }],
    ['ah', { hosts: v4, protocols: 'ah', integrity: { algorithm: 'hmac-sha256' } }],
    ['ah+esp', { hosts: v4, protocols: 'ah+esp', level: 'use', upperProtocol: 'icmp' }],
    ['ipv6', { hosts: v6, protocols: 'ah+esp', upperProtocol: 'icmp6', level: 'unique' }],
    ['article', { ...PRESETS.article }],
    [
      'three hosts tcp',
      { hosts: [...v4, { name: 'c', address: '10.0.0.3' }], upperProtocol: 'tcp' },
    ],
    ['udp', { hosts: v4, upperProtocol: 'udp' }],
    ['tunnel', { mode: 'tunnel', hosts: gateways4 }],
    ['tunnel unique', { mode: 'tunnel', hosts: gateways4, level: 'unique', upperProtocol: 'tcp' }],
    [
      'tunnel ipv6 ah',
      {
        mode: 'tunnel',
        protocols: 'ah',
        hosts: [
          { name: 'west', address: '2001:db8::1', subnets: ['2001:db8:1::/48'] },
          { name: 'east', address: '2001:db8::2', subnets: ['2001:db8:2::/48'] },
        ],
      },
    ],
  ];
  for (const alg of ALGORITHMS.filter(usableWithManualKeys)) {
    if (alg.kind === 'encryption') {
      for (const keyBits of alg.keyBits.length <= 3 ? alg.keyBits : [alg.defaultKeyBits]) {
        inputs.push([
          `${alg.id} ${keyBits}`,
          { hosts: v4, encryption: { algorithm: alg.id, keyBits } },
        ]);
      }
    } else {
      inputs.push([`esp ${alg.id}`, { hosts: v4, integrity: { algorithm: alg.id } }]);
      inputs.push([
        `ah ${alg.id}`,
        { hosts: v6, protocols: 'ah', integrity: { algorithm: alg.id } },
      ]);
    }
  }
  return inputs;
}

export interface GeneratedFile {
  plan: string;
  host: string;
  format: ExplainFormat;
  text: string;
  link: Link;
}

export async function generatedFiles(): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const [name, input] of planInputs()) {
    for (const setkeyPeers of [true, false]) {
      const link = await buildLink(planSchema.parse(input), { setkeyPeers });
      for (const host of link.hosts) {
        const base = { plan: `${name}${setkeyPeers ? '' : ' (xfrm only)'}`, host: host.name, link };
        files.push({ ...base, format: 'setkey', text: renderSetkeyConf(link, host, meta) });
        files.push({ ...base, format: 'xfrm-up', text: renderXfrmUp(link, host, meta) });
        files.push({ ...base, format: 'xfrm-down', text: renderXfrmDown(link, host, meta) });
      }
    }
  }
  return files;
}

export async function articleLink(): Promise<Link> {
  return buildLink(planSchema.parse(PRESETS.article));
}
