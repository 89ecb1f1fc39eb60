import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildLink, passphraseKeySource, type BuildOptions } from '../core/model';
import { planSchema } from '../core/plan';
import { isPresetName, PRESETS } from '../core/presets';
import { OUTPUT_FORMATS, renderBundle, type OutputFormat } from '../core/render/bundle';
import { checkSecrets, secretsSchema, type LinkSecrets } from '../core/secrets';
import { checkInputSize, parseSetkeyConf, type Finding } from '../core/setkey/parse';
import { applyAllFixes, checkMirror, lintParsed } from '../core/setkey/lint';
import { describeAdvice } from '../core/setkey/findings';
import { TOOL_VERSION } from '../core/version';

export const USAGE = `Usage:
  ipsec-wizard lint FILE... [--peer FILE] [--fix]
  ipsec-wizard generate --out DIR [--preset recommended|article] [--host NAME=ADDRESS]...
      [--mode transport|tunnel] [--subnet NAME=CIDR]...
      [--protocols esp|ah|ah+esp] [--enc ALG[:BITS]] [--auth ALG] [--level require|use|unique]
      [--spi random|article] [--passphrase-file FILE] [--plan FILE] [--reuse FILE]
      [--format both|setkey|xfrm] [--date YYYY-MM-DD]

  --mode tunnel     two gateways; give each its networks with --subnet NAME=CIDR (repeatable)
  --reuse FILE      secrets.json of an earlier run: existing SAs keep their SPIs and keys
  --format xfrm     ip xfrm scripts only (hmac-sha256 then gets its full 128-bit ICV)
  --fix             lint: apply the mechanical fixes in place, then report what is left
`;

/** A mistake in the user's input: reported in one line, exit code 2, nothing written. */
class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const OPTION_OF_PATH: Record<string, string> = {
  hosts: '--host',
  mode: '--mode',
  protocols: '--protocols',
  encryption: '--enc',
  integrity: '--auth',
  level: '--level',
  spi: '--spi',
  upperProtocol: '--plan',
};

async function generate(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      preset: { type: 'string' },
      host: { type: 'string', multiple: true },
      protocols: { type: 'string' },
      enc: { type: 'string' },
      auth: { type: 'string' },
      level: { type: 'string' },
      spi: { type: 'string' },
      'passphrase-file': { type: 'string' },
      plan: { type: 'string' },
      reuse: { type: 'string' },
      format: { type: 'string' },
      mode: { type: 'string' },
      subnet: { type: 'string', multiple: true },
      date: { type: 'string' },
    },
    strict: true,
  });
  if (!values.out) throw new UsageError('--out DIR is required.');
  const presetName = values.preset ?? 'recommended';
  if (!isPresetName(presetName))
    throw new UsageError(`--preset: unknown preset "${values.preset}" (recommended or article).`);
  let input: Record<string, unknown> = { hosts: [], ...PRESETS[presetName] };
  if (values.plan) {
    try {
      input = { ...input, ...(JSON.parse(readFileSync(values.plan, 'utf8')) as object) };
    } catch (error) {
      throw new UsageError(`--plan: cannot read ${values.plan}: ${(error as Error).message}`);
    }
  }
  if (values.host) {
    input.hosts = values.host.map((spec, index) => {
      const eq = spec.indexOf('=');
      if (eq < 0) return { name: String.fromCharCode(97 + index), address: spec };
      return { name: spec.slice(0, eq), address: spec.slice(eq + 1) };
    });
  }
  if (values.mode) input.mode = values.mode;
  if (values.subnet) input.hosts = withSubnets(input.hosts, values.subnet);
  if (values.protocols) input.protocols = values.protocols;
  if (values.enc) {
    const [algorithm, bits] = values.enc.split(':');
    if (bits !== undefined && !/^\d+$/.test(bits))
      throw new UsageError(`--enc: "${bits}" is not a number of bits.`);
    input.encryption = { algorithm, ...(bits !== undefined && { keyBits: Number(bits) }) };
  }
  if (values.auth) input.integrity = { algorithm: values.auth };
  if (values.level) input.level = values.level;
  if (values.spi) input.spi = { strategy: values.spi };
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date: use the form YYYY-MM-DD.');

  const format = values.format ?? 'both';
  if (!isOutputFormat(format))
    throw new UsageError(`--format: "${format}" is not one of ${OUTPUT_FORMATS.join(', ')}.`);

  const parsed = planSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    if (path[0] === 'hosts' && path[2] === 'subnets') {
      const host = (input.hosts as { name?: unknown }[] | undefined)?.[Number(path[1])]?.name;
      throw new UsageError(`--subnet (host ${String(host)}): ${issue?.message ?? ''}`);
    }
    const option = OPTION_OF_PATH[String(path[0])] ?? '--plan';
    throw new UsageError(`${option}: ${issue?.message ?? 'invalid plan'}`);
  }
  const reuse = values.reuse === undefined ? undefined : readSecrets(values.reuse);
  let keys;
  if (values['passphrase-file']) {
    let passphrase: string;
    try {
      passphrase = readFileSync(values['passphrase-file'], 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new UsageError(`--passphrase-file: ${(error as Error).message}`);
    }
    try {
      keys = await passphraseKeySource(passphrase);
    } catch (error) {
      throw new UsageError(`--passphrase-file: ${(error as Error).message}`);
    }
  }
  const options: BuildOptions = {
    ...(keys && { keys }),
    ...(reuse && { reuse }),
    // Without setkey hosts, hmac-sha256 may use its RFC 4868 ICV.
    setkeyPeers: format !== 'xfrm',
  };
  const link = await buildLink(parsed.data, options);
  const meta = { toolVersion: TOOL_VERSION, date };

  // Everything is rendered before the first write, so an error leaves nothing behind.
  const files = renderBundle(link, meta, format);
  for (const file of files) {
    const full = join(values.out, file.path);
    mkdirSync(join(full, '..'), { recursive: true, mode: 0o700 });
    // Secret files are readable by root alone; umask cannot widen that.
    const mode = file.secret ? 0o600 : file.executable ? 0o755 : 0o644;
    writeFileSync(full, file.text, { mode });
    chmodSync(full, mode);
  }
  io.out(`Wrote ${files.length} files for ${link.hosts.length} hosts to ${values.out}.\n`);
  if (reuse) {
    const kept = link.sas.filter((sa) => reuse.spis[sa.id] === sa.spi).length;
    io.out(
      `Kept the SPIs of ${kept} existing SAs from ${values.reuse}; ${link.sas.length - kept} SAs are new.\n`,
    );
  }
  return 0;
}

const isOutputFormat = (name: string): name is OutputFormat =>
  (OUTPUT_FORMATS as readonly string[]).includes(name);

/** --subnet NAME=CIDR: replaces the subnets of each host it names, in the order given. */
function withSubnets(hosts: unknown, specs: string[]): unknown {
  if (!Array.isArray(hosts)) return hosts;
  const byHost = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`--subnet: "${spec}" must read NAME=CIDR, e.g. a=10.1.0.0/16.`);
    const name = spec.slice(0, eq);
    if (!hosts.some((h) => (h as { name?: unknown }).name === name)) {
      throw new UsageError(
        `--subnet: no host is named "${name}" (give hosts with --host NAME=ADDRESS).`,
      );
    }
    byHost.set(name, [...(byHost.get(name) ?? []), spec.slice(eq + 1)]);
  }
  return hosts.map((h: { name?: unknown }) => {
    const subnets = byHost.get(String(h.name));
    return subnets ? { ...h, subnets } : h;
  });
}

/** secrets.json of an earlier run, checked before any key or SPI is reused. */
function readSecrets(file: string): LinkSecrets {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--reuse: cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = secretsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `--reuse: ${file} is not a secrets.json: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trimEnd(),
    );
  }
  const problem = checkSecrets(parsed.data)[0];
  if (problem) throw new UsageError(`--reuse: ${file}: ${problem.path}: ${problem.message}`);
  return parsed.data;
}

/**
 * Prints FILE:LINE:COL: severity: message for each finding; exit 1 when any is an error. With --fix
 * the mechanical fixes are written back first (as the page's "Apply all fixes" does).
 */
function lint(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { peer: { type: 'string' }, fix: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('lint needs at least one FILE.');
  /** The text, or the finding that refuses the file; a huge file is refused before it is read. */
  const read = (file: string, option: string): string | Finding => {
    try {
      return checkInputSize(statSync(file).size) ?? readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${option}: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const report = (file: string, findings: readonly Finding[]) => {
    for (const f of findings) {
      io.out(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`);
      // The advice goes on its own indented line so that FILE:LINE:COL lines stay one per finding.
      io.out(`    hint: ${describeAdvice(f)}\n`);
    }
    return findings.filter((f) => f.severity === 'error').length;
  };
  const peerText = values.peer === undefined ? undefined : read(values.peer, '--peer');
  if (typeof peerText === 'object') {
    report(values.peer ?? '', [peerText]);
    return 1;
  }
  const peer = peerText === undefined ? undefined : parseSetkeyConf(peerText);
  const check = (text: string) => {
    const parsed = parseSetkeyConf(text);
    return [...lintParsed(parsed), ...(peer ? checkMirror(parsed, peer) : [])];
  };
  let errors = 0;
  for (const file of positionals) {
    const text = read(file, 'lint');
    if (typeof text === 'object') {
      errors += report(file, [text]);
      continue;
    }
    const fixed = values.fix ? applyAllFixes(text) : text;
    if (fixed !== text) {
      try {
        writeFileSync(file, fixed);
      } catch (error) {
        throw new UsageError(`--fix: cannot write ${file}: ${(error as Error).message}`);
      }
      io.err(`${file}: mechanical fixes applied and written.\n`);
    }
    const findings = check(fixed);
    errors += report(file, findings);
  }
  return errors > 0 ? 1 : 0;
}

export async function main(
  argv: string[],
  io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'generate') return await generate(rest, io);
    if (command === 'lint') return lint(rest, io);
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    throw new UsageError(command ? `unknown command "${command}".` : 'no command given.');
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(
        `ipsec-wizard: ${(error as Error).message}\n${error instanceof UsageError ? '' : USAGE}`,
      );
      return 2;
    }
    throw error;
  }
}
