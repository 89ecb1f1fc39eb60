import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildLink, passphraseKeySource } from '../core/model';
import { planSchema } from '../core/plan';
import { isPresetName, PRESETS } from '../core/presets';
import { renderBundle } from '../core/render/bundle';
import { parseSetkeyConf } from '../core/setkey/parse';
import { checkMirror, lintParsed } from '../core/setkey/lint';
import { describeAdvice } from '../core/setkey/findings';
import { TOOL_VERSION } from '../core/version';

export const USAGE = `Usage:
  ipsec-wizard lint FILE... [--peer FILE]
  ipsec-wizard generate --out DIR [--preset recommended|article] [--host NAME=ADDRESS]...
      [--protocols esp|ah|ah+esp] [--enc ALG[:BITS]] [--auth ALG] [--level require|use|unique]
      [--spi random|article] [--passphrase-file FILE] [--plan FILE] [--date YYYY-MM-DD]
`;

/** A mistake in the user's input: reported in one line, exit code 2, nothing written. */
class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const OPTION_OF_PATH: Record<string, string> = {
  hosts: '--host',
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

  const parsed = planSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = OPTION_OF_PATH[String(issue?.path[0])] ?? '--plan';
    throw new UsageError(`${option}: ${issue?.message ?? 'invalid plan'}`);
  }
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
  const link = await buildLink(parsed.data, keys ? { keys } : {});
  const meta = { toolVersion: TOOL_VERSION, date };

  // Everything is rendered before the first write, so an error leaves nothing behind.
  const files = renderBundle(link, meta);
  for (const file of files) {
    const full = join(values.out, file.path);
    mkdirSync(join(full, '..'), { recursive: true, mode: 0o700 });
    // Secret files are readable by root alone; umask cannot widen that.
    const mode = file.secret ? 0o600 : file.executable ? 0o755 : 0o644;
    writeFileSync(full, file.text, { mode });
    chmodSync(full, mode);
  }
  io.out(`Wrote ${files.length} files for ${link.hosts.length} hosts to ${values.out}.\n`);
  return 0;
}

/** Prints FILE:LINE:COL: severity: message for each finding; exit 1 when any is an error. */
function lint(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { peer: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('lint needs at least one FILE.');
  const read = (file: string, option: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${option}: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const peer = values.peer === undefined ? undefined : parseSetkeyConf(read(values.peer, '--peer'));
  let errors = 0;
  for (const file of positionals) {
    const parsed = parseSetkeyConf(read(file, 'lint'));
    const findings = [...lintParsed(parsed), ...(peer ? checkMirror(parsed, peer) : [])];
    for (const f of findings) {
      io.out(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`);
      // The advice goes on its own indented line so that FILE:LINE:COL lines stay one per finding.
      io.out(`    hint: ${describeAdvice(f)}\n`);
      if (f.severity === 'error') errors += 1;
    }
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
