import type { HostConfig, Link } from '../model';
import { secretsOfLink } from '../secrets';
import { renderBundleReadme } from './readme';
import { renderSetkeyConf, type RenderMeta } from './setkey';
import { renderXfrmDown, renderXfrmUp } from './xfrm';

/** Which files each host gets: ipsec-tools, iproute2, or both. */
export const OUTPUT_FORMATS = ['both', 'setkey', 'xfrm'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type FileKind = 'setkey' | 'xfrm-up' | 'xfrm-down' | 'readme' | 'plan' | 'secrets';

export interface OutputFile {
  /** Relative path inside a bundle, `/`-separated: `<host>/setkey.conf`. */
  readonly path: string;
  readonly kind: FileKind;
  readonly host?: string;
  readonly text: string;
  /** Holds keys: written 0600 and shown masked until asked. */
  readonly secret: boolean;
  readonly executable: boolean;
}

/** One host's own files, in the order a reader wants them. */
export function renderHostFiles(
  link: Link,
  host: HostConfig,
  meta: RenderMeta,
  format: OutputFormat = 'both',
): OutputFile[] {
  const files: OutputFile[] = [];
  const at = (name: string) => `${host.name}/${name}`;
  if (format !== 'xfrm') {
    files.push({
      path: at('setkey.conf'),
      kind: 'setkey',
      host: host.name,
      text: renderSetkeyConf(link, host, meta),
      secret: true,
      executable: false,
    });
  }
  if (format !== 'setkey') {
    files.push({
      path: at('ipsec-up.sh'),
      kind: 'xfrm-up',
      host: host.name,
      text: renderXfrmUp(link, host, meta),
      secret: true,
      executable: true,
    });
    files.push({
      path: at('ipsec-down.sh'),
      kind: 'xfrm-down',
      host: host.name,
      text: renderXfrmDown(link, host, meta),
      secret: false,
      executable: true,
    });
  }
  return files;
}

/**
 * Everything a bundle holds: a folder per host, README.txt with this plan's apply-and-test steps,
 * plan.json (the non-secret plan, loadable by the CLI's --plan and the wizard) and secrets.json
 * (every SPI and key, for the administrator alone: given back with the plan, it lets a later run
 * add hosts without touching the SAs that already run).
 */
export function renderBundle(
  link: Link,
  meta: RenderMeta,
  format: OutputFormat = 'both',
): OutputFile[] {
  return [
    ...link.hosts.flatMap((host) => renderHostFiles(link, host, meta, format)),
    {
      path: 'README.txt',
      kind: 'readme',
      text: renderBundleReadme(link, meta),
      secret: false,
      executable: false,
    },
    {
      path: 'plan.json',
      kind: 'plan',
      text: `${JSON.stringify(link.plan, null, 2)}\n`,
      secret: false,
      executable: false,
    },
    {
      path: 'secrets.json',
      kind: 'secrets',
      text: `${JSON.stringify(secretsOfLink(link), null, 2)}\n`,
      secret: true,
      executable: false,
    },
  ];
}
