/**
 * npm run bench: time to build the model and render every host's files for full meshes, and the
 * process's peak memory. Numbers come from this machine; run it again after a change.
 */
import { buildLink } from '../src/core/model';
import { planSchema } from '../src/core/plan';
import { renderSetkeyConf } from '../src/core/render/setkey';
import { renderXfrmDown, renderXfrmUp } from '../src/core/render/xfrm';

const meta = { toolVersion: 'bench', date: '2026-01-01' };
const sizes = (process.argv[2] ?? '2,10,50').split(',').map(Number);

for (const n of sizes) {
  const plan = planSchema.parse({
    hosts: Array.from({ length: n }, (_, i) => ({
      name: `h${i}`,
      address: `10.${i >> 8}.${i & 255}.1`,
    })),
  });
  const runs = n <= 10 ? 20 : 3;
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const link = await buildLink(plan);
    bytes = 0;
    for (const host of link.hosts) {
      bytes +=
        renderSetkeyConf(link, host, meta).length +
        renderXfrmUp(link, host, meta).length +
        renderXfrmDown(link, host, meta).length;
    }
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `${String(n).padStart(4)} hosts  ${String(n * (n - 1) * 2).padStart(6)} SAs  build+render median ${median.toFixed(1)} ms over ${runs} runs  output ${(bytes / 1024).toFixed(0)} KiB`,
  );
}
console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
