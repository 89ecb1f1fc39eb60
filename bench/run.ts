/**
 * npm run bench [-- 2,10,50]: for full transport meshes of each size, the time to build the model
 * (SPIs, keys, policies) and to render every file of the bundle (each host's setkey.conf, ipsec-up.sh
 * and ipsec-down.sh, README.txt, plan.json, secrets.json), and the peak memory. Each size runs in its
 * own Node process, so its peak RSS is its own. Numbers come from this machine and its current load:
 * run it again after a change, on a quiet machine.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildLink } from '../src/core/model';
import { planSchema } from '../src/core/plan';
import { renderBundle } from '../src/core/render/bundle';

interface SizeResult {
  hosts: number;
  sas: number;
  runs: number;
  buildMs: number;
  renderMs: number;
  outputBytes: number;
  /** RSS before the first build: Node, tsx and the modules. */
  baseRssMiB: number;
  peakRssMiB: number;
}

const DEFAULT_SIZES = [2, 10, 50, 100, 250];
const meta = { toolVersion: 'bench', date: '2026-01-01' };
const mib = (bytes: number) => bytes / 1024 / 1024;

const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Measures one size inside this process; called in a child with --one N. */
async function measure(hosts: number): Promise<SizeResult> {
  const plan = planSchema.parse({
    hosts: Array.from({ length: hosts }, (_, i) => ({
      name: `h${i}`,
      address: `10.${i >> 8}.${i & 255}.1`,
    })),
  });
  const baseRssMiB = mib(process.memoryUsage().rss);
  // Fewer repetitions for the big meshes keep the whole bench to a few seconds.
  const runs = hosts <= 10 ? 20 : hosts <= 50 ? 5 : hosts <= 100 ? 3 : 1;
  const build: number[] = [];
  const render: number[] = [];
  let sas = 0;
  let outputBytes = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const link = await buildLink(plan);
    const t1 = performance.now();
    const files = renderBundle(link, meta);
    const t2 = performance.now();
    build.push(t1 - t0);
    render.push(t2 - t1);
    sas = link.sas.length;
    outputBytes = files.reduce((sum, file) => sum + file.text.length, 0);
  }
  return {
    hosts,
    sas,
    runs,
    buildMs: median(build),
    renderMs: median(render),
    outputBytes,
    baseRssMiB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

function runChild(hosts: number): SizeResult {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--one', String(hosts)],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  if (child.status !== 0) {
    throw new Error(`bench for ${hosts} hosts failed:\n${child.stderr}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as SizeResult;
}

/** Growth between two sizes as the factor per doubling of hosts (2 = linear, 4 = quadratic). */
const perDoubling = (a: number, b: number, na: number, nb: number) =>
  a > 0 && b > 0 ? 2 ** (Math.log(b / a) / Math.log(nb / na)) : NaN;

function report(results: SizeResult[]) {
  const pad = (text: string | number, width: number) => String(text).padStart(width);
  console.log(
    `Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (busy machines give slower, noisier numbers)`,
  );
  console.log(
    ' hosts     SAs  runs  build ms  render ms  total ms  µs/SA  output MiB  base RSS  peak RSS  (MiB)',
  );
  for (const r of results) {
    const total = r.buildMs + r.renderMs;
    console.log(
      [
        pad(r.hosts, 6),
        pad(r.sas, 7),
        pad(r.runs, 5),
        pad(r.buildMs.toFixed(1), 9),
        pad(r.renderMs.toFixed(1), 10),
        pad(total.toFixed(1), 9),
        pad(r.sas > 0 ? ((total * 1000) / r.sas).toFixed(1) : '-', 6),
        pad(mib(r.outputBytes).toFixed(1), 11),
        pad(r.baseRssMiB.toFixed(0), 9),
        pad(r.peakRssMiB.toFixed(0), 9),
      ].join(' '),
    );
  }
  console.log('\nGrowth per doubling of hosts (SAs grow about 4x: every pair has its own):');
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1] as SizeResult;
    const b = results[i] as SizeResult;
    const time = perDoubling(a.buildMs + a.renderMs, b.buildMs + b.renderMs, a.hosts, b.hosts);
    const memory = perDoubling(
      Math.max(a.peakRssMiB - a.baseRssMiB, 1),
      Math.max(b.peakRssMiB - b.baseRssMiB, 1),
      a.hosts,
      b.hosts,
    );
    console.log(
      `  ${pad(a.hosts, 3)} -> ${pad(b.hosts, 3)} hosts: time x${time.toFixed(2)}, memory above base x${memory.toFixed(2)}`,
    );
  }
}

const oneIndex = process.argv.indexOf('--one');
if (oneIndex >= 0) {
  console.log(JSON.stringify(await measure(Number(process.argv[oneIndex + 1]))));
} else {
  const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) {
    console.error('usage: npm run bench [-- 2,10,50]  (sizes are host counts of at least 2)');
    process.exit(2);
  }
  report(sizes.map(runChild));
}
