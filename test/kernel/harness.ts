/**
 * The kernel harness: boots Debian's user-mode Linux once, with a tiny initramfs whose init mounts
 * the host's /usr and /etc read-only (hostfs) so the guest runs the host's own bash, ip, ping and
 * tcpdump, and runs one guest script per case in it. Host and guest talk through a shared directory:
 * the host writes a case directory and a request file, the guest answers with result.txt.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GUEST_SOURCES = join(dirname(fileURLToPath(import.meta.url)), 'guest');
const UML_KERNEL = '/usr/bin/linux.uml';
const UML_MODULES = '/usr/lib/uml/modules';

interface Requirement {
  readonly path: string;
  readonly why: string;
  readonly debianPackage: string;
}

/** What the host needs; the guest runs the host's own programs, so this is the guest's list too. */
const REQUIREMENTS: readonly Requirement[] = [
  { path: UML_KERNEL, why: 'the user-mode Linux kernel', debianPackage: 'user-mode-linux' },
  { path: UML_MODULES, why: 'its modules (esp4, ah4, ...)', debianPackage: 'user-mode-linux' },
  { path: '/usr/bin/bash', why: 'bash', debianPackage: 'bash' },
  { path: '/usr/sbin/ip', why: 'ip (ip xfrm, ip netns)', debianPackage: 'iproute2' },
  { path: '/usr/bin/ping', why: 'ping', debianPackage: 'iputils-ping' },
  { path: '/usr/bin/tcpdump', why: 'tcpdump', debianPackage: 'tcpdump' },
  { path: '/usr/sbin/modprobe', why: "kmod's modprobe", debianPackage: 'kmod' },
  { path: '/usr/bin/gcc', why: 'gcc (builds the guest init)', debianPackage: 'gcc' },
  {
    path: '/usr/lib/x86_64-linux-gnu/libc.a',
    why: 'the static C library (the guest init is static)',
    debianPackage: 'libc6-dev',
  },
];

export const DEBIAN_PACKAGES = [...new Set(REQUIREMENTS.map((r) => r.debianPackage))];

const missingRequirements = (): Requirement[] => REQUIREMENTS.filter((r) => !existsSync(r.path));

/**
 * Makes sure everything is installed: as root on Debian it installs the missing packages,
 * elsewhere it throws a message that names exactly what is missing.
 */
export function ensureRequirements(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The kernel suite needs an x86-64 Linux host (this is ${process.platform}/${process.arch}).`,
    );
  }
  let missing = missingRequirements();
  const isRoot = process.getuid?.() === 0;
  if (missing.length > 0 && isRoot && existsSync('/etc/debian_version')) {
    const packages = [...new Set(missing.map((r) => r.debianPackage))];
    const install = ['install', '-y', '--no-install-recommends', ...packages];
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', install, { stdio: 'pipe', env });
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'pipe', env });
      execFileSync('apt-get', install, { stdio: 'pipe', env });
    }
    missing = missingRequirements();
  }
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((r) => r.debianPackage))].join(' ');
    throw new Error(
      `The kernel suite cannot run: missing ${missing.map((r) => `${r.why} (${r.path})`).join(', ')}. ` +
        `On Debian 12, as root: apt-get install --no-install-recommends ${packages}`,
    );
  }
}

/** A newc cpio archive (the initramfs format) with a console node, so no root is needed to make it. */
function cpioArchive(entries: { name: string; mode: number; data?: Buffer; rdev?: number }[]) {
  const parts: Buffer[] = [];
  const pad = (length: number) => Buffer.alloc((4 - (length % 4)) % 4);
  const hex = (value: number) => value.toString(16).padStart(8, '0');
  let inode = 1;
  for (const entry of [...entries, { name: 'TRAILER!!!', mode: 0 }]) {
    const data = 'data' in entry && entry.data ? entry.data : Buffer.alloc(0);
    const rdev = 'rdev' in entry && entry.rdev ? entry.rdev : 0;
    const name = Buffer.from(`${entry.name}\0`);
    const fields = [
      inode++,
      entry.mode,
      0,
      0,
      1,
      0,
      data.length,
      0,
      0,
      rdev >> 8,
      rdev & 0xff,
      name.length,
      0,
    ];
    const header = Buffer.from(`070701${fields.map(hex).join('')}`);
    parts.push(header, name, pad(header.length + name.length), data, pad(data.length));
  }
  return Buffer.concat(parts);
}

export interface GuestImage {
  readonly initramfs: string;
  readonly shim: string;
}

/**
 * Builds (once, cached outside the git tree) the static guest init, its initramfs and the xstate
 * shim for UML; the cache key is the hash of their sources.
 */
export function buildGuestImage(): GuestImage {
  const sources = ['init.c', 'xstate-shim.c'].map((f) => readFileSync(join(GUEST_SOURCES, f)));
  const hash = createHash('sha256');
  for (const source of sources) hash.update(source);
  const cacheRoot = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const dir = join(cacheRoot, 'ipsec-wizard', 'uml', hash.digest('hex').slice(0, 16));
  const image = { initramfs: join(dir, 'initramfs.cpio'), shim: join(dir, 'xstate-shim.so') };
  if (existsSync(image.initramfs) && existsSync(image.shim)) return image;

  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, 'build-'));
  try {
    const init = join(work, 'init');
    const shim = join(work, 'xstate-shim.so');
    const cc = (args: string[]) => execFileSync('gcc', args, { stdio: 'pipe' });
    cc(['-static', '-O2', '-o', init, join(GUEST_SOURCES, 'init.c')]);
    cc(['-shared', '-fPIC', '-O2', '-o', shim, join(GUEST_SOURCES, 'xstate-shim.c'), '-ldl']);
    const archive = cpioArchive([
      { name: 'dev', mode: 0o040755 },
      { name: 'dev/console', mode: 0o020600, rdev: (5 << 8) | 1 },
      { name: 'init', mode: 0o100755, data: readFileSync(init) },
    ]);
    writeFileSync(join(work, 'initramfs.cpio'), archive);
    // Renames are atomic: a concurrent run sees either no image or a whole one.
    renameSync(shim, image.shim);
    renameSync(join(work, 'initramfs.cpio'), image.initramfs);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return image;
}

export interface GuestResult {
  /** `@key value` lines. */
  readonly values: ReadonlyMap<string, string>;
  /** `>>> key` ... `<<< key` blocks. */
  readonly blocks: ReadonlyMap<string, string>;
  readonly seconds: number;
  readonly raw: string;
}

export function parseGuestOutput(raw: string, seconds: number): GuestResult {
  const values = new Map<string, string>();
  const blocks = new Map<string, string>();
  let open: { key: string; lines: string[] } | undefined;
  for (const line of raw.split('\n')) {
    if (open) {
      if (line === `<<< ${open.key}`) {
        blocks.set(open.key, open.lines.join('\n'));
        open = undefined;
      } else open.lines.push(line);
    } else if (line.startsWith('>>> ')) {
      open = { key: line.slice(4), lines: [] };
    } else if (line.startsWith('@')) {
      const space = line.indexOf(' ');
      values.set(
        line.slice(1, space < 0 ? undefined : space),
        space < 0 ? '' : line.slice(space + 1),
      );
    }
  }
  return { values, blocks, seconds, raw };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One booted user-mode Linux guest. */
export class UmlGuest {
  private nextId = 1;
  private exited: string | undefined;
  private readonly exitHook = () => this.kill();

  private constructor(
    private readonly kernel: ChildProcess,
    private readonly shared: string,
    private readonly consoleLog: string,
  ) {
    kernel.on('exit', (code, signal) => {
      this.exited = `the UML kernel exited (code ${code}, signal ${signal})`;
    });
    globalThis.process.on('exit', this.exitHook);
  }

  static async boot(options: { consoleLog: string; memoryMb?: number }): Promise<UmlGuest> {
    ensureRequirements();
    const image = buildGuestImage();
    const shared = mkdtempSync(join(tmpdir(), 'ipsec-wizard-uml-'));
    cpSync(GUEST_SOURCES, join(shared, 'guest'), { recursive: true });
    mkdirSync(join(shared, 'cases'));
    mkdirSync(join(shared, 'queue'));
    mkdirSync(join(shared, 'uml'));
    mkdirSync(dirname(options.consoleLog), { recursive: true });
    const log = openSync(options.consoleLog, 'w');
    const child = spawn(
      UML_KERNEL,
      [
        `mem=${options.memoryMb ?? 384}M`,
        `initrd=${image.initramfs}`,
        `ipsecw_shared=${shared}`,
        `uml_dir=${join(shared, 'uml')}`,
        'con0=null,fd:1',
        'con=null',
        'ssl=null',
        'quiet',
      ],
      {
        // Its own process group, so the kernel and all its helper processes are killed together.
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, LD_PRELOAD: image.shim, TMPDIR: join(shared, 'uml') },
      },
    );
    closeSync(log);
    const guest = new UmlGuest(child, shared, options.consoleLog);
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(shared, 'ready'))) {
      if (guest.exited || Date.now() > deadline) {
        const why = guest.exited ?? 'the guest was not ready after 60 s';
        await guest.shutdown();
        throw new Error(`UML did not boot: ${why}.\n${guest.consoleTail()}`);
      }
      await sleep(50);
    }
    return guest;
  }

  /** What the guest said while loading its modules (its kernel version, modprobe errors). */
  bootLog(): string {
    return readFileSync(join(this.shared, 'modprobe.log'), 'utf8');
  }

  consoleTail(lines = 30): string {
    try {
      const text = readFileSync(this.consoleLog, 'utf8').split('\n');
      return `Last console lines (${this.consoleLog}):\n${text.slice(-lines).join('\n')}`;
    } catch {
      return '';
    }
  }

  /**
   * Runs one guest script (a file of test/kernel/guest, e.g. case.sh) on a fresh case directory
   * holding `files` (relative path -> content) and returns what it printed.
   */
  async run(
    script: string,
    files: Readonly<Record<string, string>>,
    timeoutMs = 120_000,
  ): Promise<GuestResult> {
    if (this.exited) throw new Error(`${this.exited}.\n${this.consoleTail()}`);
    const id = `case-${String(this.nextId++).padStart(3, '0')}`;
    const dir = join(this.shared, 'cases', id);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content, { mode: 0o600 });
    }
    writeFileSync(join(dir, 'run.sh'), `exec bash /shared/guest/${script} "$1"\n`);
    const started = Date.now();
    writeFileSync(join(this.shared, 'queue', id), '');
    const result = join(dir, 'result.txt');
    while (!existsSync(result)) {
      if (this.exited) throw new Error(`${this.exited} during ${script}.\n${this.consoleTail()}`);
      if (Date.now() - started > timeoutMs) {
        throw new Error(`${script} took more than ${timeoutMs / 1000} s in the guest.`);
      }
      await sleep(50);
    }
    const raw = readFileSync(result, 'utf8');
    // The case files hold keys: remove them as soon as the guest is done with them.
    rmSync(dir, { recursive: true, force: true });
    return parseGuestOutput(raw, (Date.now() - started) / 1000);
  }

  /** Asks the guest to power off, waits, then kills whatever is left of the process group. */
  async shutdown(): Promise<void> {
    if (!this.exited) {
      try {
        writeFileSync(join(this.shared, 'queue', 'halt'), '');
      } catch {
        // The shared directory is gone; the kill below still applies.
      }
      const deadline = Date.now() + 15_000;
      while (!this.exited && Date.now() < deadline) await sleep(50);
    }
    this.kill();
    globalThis.process.off('exit', this.exitHook);
    rmSync(this.shared, { recursive: true, force: true });
  }

  private kill(): void {
    const pid = this.kernel.pid;
    if (pid === undefined) return;
    try {
      globalThis.process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }

  /** Processes still in the kernel's process group (must be none after shutdown). */
  leftoverProcesses(): string[] {
    const pid = this.kernel.pid;
    if (pid === undefined) return [];
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(fields[2]) === pid && fields[0] !== 'Z';
        } catch {
          return false;
        }
      });
  }
}
