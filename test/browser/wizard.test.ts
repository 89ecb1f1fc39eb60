/**
 * The built wizard in Debian's Chromium: a new user fills it in, sees both hosts' files, downloads
 * the bundle and the core linter accepts every file in it; the same by keyboard alone; axe finds no
 * violations in either scheme at phone and desktop widths; nothing is requested outside the app's
 * own origin and nothing is logged as an error (a CSP refusal would be). Screenshots go to
 * test-results/screenshots/ for people to look at.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { unzipSync, strFromU8 } from 'fflate';
import type { Page } from 'playwright-core';
import { findAlgorithm } from '../../src/core/algorithms';
import { passphraseKeySource } from '../../src/core/model';
import { parseSetkeyConf } from '../../src/core/setkey/parse';
import { checkMirror, lintSetkeyConf } from '../../src/core/setkey/lint';
import { listSaSlots } from '../../src/core/spi';
import {
  finishWatched,
  openWatched,
  type WatchedPage,
  DESKTOP,
  PHONE,
  SHOTS,
  startSuite,
} from './harness';

const suite = startSuite();

type Watched = WatchedPage;

const open = (
  viewport: { width: number; height: number },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Watched> => openWatched(suite, { viewport, colorScheme });

const finish = finishWatched;

async function typeHosts(page: Page) {
  await page.getByLabel('Host 1 address').fill('192.168.1.100');
  await page.getByLabel('Host 2 address').fill('192.168.2.100');
}

const linesOf = async (page: Page, path: string) =>
  page
    .getByRole('list', { name: `Lines of ${path}` })
    .locator('li')
    .allTextContents();

/** Unzips the bundle and checks it the way an administrator's CLI would. */
function checkBundle(zipPath: string, hosts: string[]) {
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const names = Object.keys(files).sort();
  for (const host of hosts) {
    expect(names).toContain(`${host}/setkey.conf`);
    expect(names).toContain(`${host}/ipsec-up.sh`);
    expect(names).toContain(`${host}/ipsec-down.sh`);
  }
  expect(names).toContain('README.txt');
  expect(names).toContain('plan.json');
  const text = (name: string) => strFromU8(files[name]!);
  for (const host of hosts) {
    const errors = lintSetkeyConf(text(`${host}/setkey.conf`)).filter(
      (f) => f.severity === 'error',
    );
    expect(errors).toEqual([]);
  }
  const [a, b] = hosts.map((h) => parseSetkeyConf(text(`${h}/setkey.conf`)));
  const mirror = checkMirror(a!, b!).filter((f) => f.severity === 'error');
  expect(mirror).toEqual([]);
  expect(JSON.parse(text('plan.json')).hosts.map((h: { name: string }) => h.name)).toEqual(hosts);
  return files;
}

describe('the built wizard in Chromium', () => {
  it('runs under its Content-Security-Policy', async () => {
    const watched = await open(DESKTOP);
    const csp = await watched.page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    await expect.poll(() => watched.page.getByLabel('Host 1 address').count()).toBe(1);
    await finish(watched);
  }, 60_000);

  it('desktop: a new user fills the form, sees both hosts and gets a bundle the linter accepts', async () => {
    const watched = await open(DESKTOP);
    const { page } = watched;
    await typeHosts(page);
    await page.getByRole('radio', { name: 'AH + ESP' }).check();
    await page.getByRole('radio', { name: /^HMAC-SHA-256/ }).check();
    await expect
      .poll(async () => (await linesOf(page, 'b/setkey.conf')).join('\n'))
      .toContain('ah');
    const a = await linesOf(page, 'a/setkey.conf');
    const b = await linesOf(page, 'b/setkey.conf');
    expect(a).toContain('spdadd 192.168.1.100 192.168.2.100 any -P out ipsec');
    expect(b).toContain('spdadd 192.168.1.100 192.168.2.100 any -P in ipsec');
    await page.screenshot({ path: `${SHOTS}/desktop-1280x800-light.png` });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download bundle (.zip)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ipsec-wizard-bundle.zip');
    const files = checkBundle(await download.path(), ['a', 'b']);
    // What the page shows is what the bundle holds (keys shown for the comparison).
    await page.getByRole('checkbox', { name: 'Show keys' }).check();
    const shown = (await linesOf(page, 'a/setkey.conf')).join('\n');
    const zipped = strFromU8(files['a/setkey.conf']!).trimEnd();
    expect(shown).toBe(zipped);
    await finish(watched);
  }, 90_000);

  it('phone: steps through the wizard to the preview, dark scheme', async () => {
    const watched = await open(PHONE, 'dark');
    const { page } = watched;
    await typeHosts(page);
    await page.screenshot({ path: `${SHOTS}/phone-390x844-dark-hosts.png` });
    for (const next of [
      'Next: Protection',
      'Next: Keys and SPIs',
      'Next: Output',
      'Next: Preview',
    ]) {
      await page.getByRole('button', { name: next }).click();
      if (next === 'Next: Protection')
        await page.screenshot({ path: `${SHOTS}/phone-390x844-dark-protection.png` });
      if (next === 'Next: Output')
        await page.screenshot({ path: `${SHOTS}/phone-390x844-dark-keys.png` });
    }
    await expect
      .poll(() => page.getByRole('list', { name: 'Lines of a/setkey.conf' }).count())
      .toBe(1);
    await page.getByRole('tab', { name: 'Host b' }).click();
    expect(await linesOf(page, 'b/setkey.conf')).toContain(
      'spdadd 192.168.1.100 192.168.2.100 any -P in ipsec',
    );
    await page.screenshot({ path: `${SHOTS}/phone-390x844-dark-preview.png` });
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Step 1: Hosts' }).click();
    expect(await page.getByLabel('Host 2 address').inputValue()).toBe('192.168.2.100');
    await finish(watched);
  }, 90_000);

  it('holds its layout at 360 px: nothing wider than the screen', async () => {
    const watched = await open({ width: 360, height: 740 });
    const { page } = watched;
    await typeHosts(page);
    for (const step of [1, 2, 3, 4, 5]) {
      await page.getByRole('button', { name: new RegExp(`^Step ${step}:`) }).click();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `step ${step}`).toBeLessThanOrEqual(360);
    }
    await page.screenshot({ path: `${SHOTS}/phone-360x740-light-preview.png`, fullPage: false });
    await finish(watched);
  }, 90_000);

  it('keyboard only: from the first field to a downloaded bundle', async () => {
    const watched = await open(DESKTOP);
    const { page } = watched;
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const label = (el as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '';
        return `${el?.tagName === 'LI' ? 'line:' : ''}${el?.getAttribute('aria-label') ?? label}|${el?.id ?? ''}|${el?.textContent?.trim() ?? ''}`;
      });
    const tabUntil = async (test: (desc: string) => boolean, limit = 120) => {
      for (let i = 0; i < limit; i++) {
        if (test(await focused())) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`not reached by Tab; last focus ${await focused()}`);
    };
    // The skip link comes first and leads to the main content.
    await page.keyboard.press('Tab');
    expect(await focused()).toContain('Skip to content');
    await page.keyboard.press('Enter');
    const address1 = await page.getByLabel('Host 1 address').getAttribute('id');
    await tabUntil((d) => d.includes(`|${address1}|`));
    await page.keyboard.type('192.168.1.100');
    const address2 = await page.getByLabel('Host 2 address').getAttribute('id');
    await tabUntil((d) => d.includes(`|${address2}|`));
    await page.keyboard.type('192.168.2.100');
    // Protocols by arrow keys inside the radio group.
    await tabUntil((d) => d.startsWith('ESP|'), 60);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'AH + ESP' }).isChecked()).toBe(true);
    await tabUntil((d) => d.endsWith('Download bundle (.zip)'), 200);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    checkBundle(await download.path(), ['a', 'b']);
    // A preview line is reachable and selectable with the keyboard.
    await tabUntil((d) => d.startsWith('line:') && d.endsWith('#!/usr/sbin/setkey -f'), 60);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe(
      'true',
    );
    await finish(watched);
  }, 120_000);

  it('passphrase keys match the core derivation (the CLI gets the same)', async () => {
    const watched = await open(DESKTOP);
    const { page } = watched;
    await typeHosts(page);
    await page.getByRole('radio', { name: 'From a passphrase' }).check();
    const passphrase = 'correct horse battery staple';
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByRole('checkbox', { name: 'Show keys' }).check();
    const keySource = await passphraseKeySource(passphrase);
    const slot = listSaSlots(['a', 'b'], ['esp'])[0]!;
    const expected = await keySource(slot, 'enc', findAlgorithm('rijndael-cbc')!, 256);
    await expect
      .poll(async () => (await linesOf(page, 'a/setkey.conf')).join('\n'), { timeout: 20_000 })
      .toContain(`-E rijndael-cbc 0x${expected}`);
    await finish(watched);
  }, 90_000);

  for (const viewport of [DESKTOP, PHONE]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`axe finds no violations at ${viewport.width}px, ${scheme}`, async () => {
        const watched = await open(viewport, scheme);
        const { page } = watched;
        await typeHosts(page);
        const steps = viewport === PHONE ? [1, 2, 3, 5] : [0];
        for (const step of steps) {
          if (step > 0)
            await page.getByRole('button', { name: new RegExp(`^Step ${step}:`) }).click();
          await page.waitForTimeout(200);
          const result = await new AxeBuilder({ page }).analyze();
          const summary = result.violations.map(
            (v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
          expect(summary, `step ${step}`).toEqual([]);
        }
        await page.screenshot({ path: `${SHOTS}/axe-${viewport.width}-${scheme}.png` });
        await finish(watched);
      }, 120_000);
    }
  }
});
