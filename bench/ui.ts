/**
 * npm run bench (after bench/run.ts): the wizard as people get it.
 * 1. JavaScript loaded before the first interaction, gzipped: the entry script and everything it
 *    imports statically (what index.html loads or preloads). Budget: 200 KB.
 * 2. Preview latency in Chromium: from a change of a host address (the input event a keystroke
 *    fires) until the new file text is in the page and a frame has been painted, for meshes of 2, 50
 *    and 100 hosts loaded from a share link. Targets: < 16 ms, < 100 ms, < 1 s.
 * Numbers come from this machine; run it again after a change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildAndServe, launchChromium } from '../test/browser/harness';

const BUDGET_KB = 200;
const medianOf = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const TARGETS_MS: Record<number, number> = { 2: 16, 50: 100, 100: 1000 };

/**
 * Runs in the page: sets host 1's address as typing does (native setter, then an input event), and
 * resolves with the times until the new text is in the preview and until the next frame. A
 * string, so that no bundler helper leaks into the page.
 */
const MEASURE_IN_PAGE = `async (next) => {
  const input = document.querySelector('input[name="hosts.0.address"]');
  const list = document.querySelector('ol[aria-label="Lines of h0/setkey.conf"]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('preview did not change')), 30000);
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (!list.textContent.includes(next)) return;
      const dom = performance.now() - start;
      observer.disconnect();
      requestAnimationFrame(() => {
        clearTimeout(timeout);
        resolve([dom, performance.now() - start]);
      });
    });
    observer.observe(list, { subtree: true, childList: true, characterData: true });
    setValue.call(input, next);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}`;

const app = await buildAndServe();
try {
  // 1. First-load JavaScript: the entry plus its static imports, followed transitively.
  const html = readFileSync(join(app.dir, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/rel="modulepreload"[^>]*href="\.\/([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(app.dir, file), 'utf8');
    // Static `import ... from "./x.js"` and `export ... from`; dynamic import("./x.js") is lazy.
    for (const m of code.matchAll(
      /(?:import|export)\s*(?:[^"'()]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g,
    )) {
      visit(join(file, '..', m[1]!));
    }
  };
  [...entry, ...preloads].forEach(visit);
  let total = 0;
  console.log('\nJavaScript before first interaction (gzipped):');
  for (const file of [...seen].sort()) {
    const gz = gzipSync(readFileSync(join(app.dir, file))).length;
    total += gz;
    console.log(`  ${(gz / 1024).toFixed(1).padStart(6)} KB  ${file}`);
  }
  const verdict = total / 1024 <= BUDGET_KB ? 'within' : 'OVER';
  console.log(
    `  ${(total / 1024).toFixed(1).padStart(6)} KB  total, ${verdict} the ${BUDGET_KB} KB budget`,
  );

  // 2. Preview latency.
  const browser = await launchChromium();
  console.log('\nPreview update after a keystroke (Chromium, 1280x800):');
  for (const n of [2, 50, 100]) {
    const plan = {
      hosts: Array.from({ length: n }, (_, i) => ({
        name: `h${i}`,
        address: `10.${i >> 8}.${i & 255}.1`,
      })),
    };
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.url}#plan=${encodeURIComponent(JSON.stringify(plan))}`);
    await page.getByRole('list', { name: 'Lines of h0/setkey.conf' }).waitFor({ timeout: 60_000 });
    const runs = n === 2 ? 15 : n === 50 ? 7 : 5;
    const times: number[] = [];
    const frames: number[] = [];
    for (let r = 0; r < runs + 1; r++) {
      const address = r % 2 === 0 ? '10.0.0.11' : '10.0.0.1';
      const [dom, frame] = await page.evaluate<[number, number]>(
        `(${MEASURE_IN_PAGE})(${JSON.stringify(address)})`,
      );
      // The first run warms up.
      if (r > 0) {
        times.push(dom);
        frames.push(frame);
      }
    }
    const median = medianOf(times);
    const target = TARGETS_MS[n] ?? 0;
    console.log(
      `  ${String(n).padStart(4)} hosts  median ${median.toFixed(1).padStart(7)} ms to the new text, ${medianOf(frames).toFixed(1).padStart(7)} ms to the next frame, over ${runs} runs  (target < ${target} ms: ${median < target ? 'met' : 'MISSED'})`,
    );
    await page.close();
  }
  await browser.close();
} finally {
  await app.close();
}
