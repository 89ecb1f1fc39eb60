/**
 * "Check a file" in Debian's Chromium: real paste (clipboard and Ctrl+V), the file picker, a real
 * drop event with a DataTransfer, refusals of binary and oversized files, a mechanical fix, the
 * mirror check of two hosts' files, explanations of imported lines, loading a clean pair into the
 * wizard, keyboard use and axe at desktop and phone widths. Expected findings come from the core
 * (the same rules the CLI prints), never from copies in this file. Screenshots go to
 * test-results/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { parseSetkeyConf } from '../../src/core/setkey/parse';
import { checkMirror, lintSetkeyConf } from '../../src/core/setkey/lint';
import { buildAndServe, launchChromium, type BuiltApp } from './harness';

const SHOTS = 'test-results/screenshots';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const corpus = resolve('test/fixtures/setkey');
const fixture = (name: string) => readFileSync(`${corpus}/${name}.conf`, 'utf8');

let app: BuiltApp;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await buildAndServe();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Watched {
  page: Page;
  foreign: string[];
  errors: string[];
}

async function openCheck(
  viewport: { width: number; height: number },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Watched> {
  const context = await browser.newContext({
    viewport,
    colorScheme,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  const watched: Watched = { page, foreign: [], errors: [] };
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(app.url) && !/^(blob|data):/.test(url)) watched.foreign.push(url);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  await page.goto(app.url);
  await page.getByLabel('Host 1 address').waitFor();
  await page.getByRole('button', { name: 'Check a file' }).click();
  await first(page).waitFor();
  return watched;
}

async function finish(watched: Watched) {
  expect(watched.foreign).toEqual([]);
  expect(watched.errors).toEqual([]);
  await watched.page.context().close();
}

const first = (page: Page) => page.getByRole('textbox', { name: 'setkey.conf of the first host' });
const second = (page: Page) =>
  page.getByRole('textbox', { name: 'setkey.conf of the second host' });
/** The panel's own summary line (the hidden wizard has a status region of its own). */
const status = (page: Page) =>
  page
    .getByRole('region', { name: 'Check an existing setkey.conf' })
    .locator('[role="status"][aria-live="polite"]');

/** The findings shown for a host, as "LINE:COL message" (the list's own wording). */
const shownFindings = (page: Page, host: 'first' | 'second') =>
  page
    .getByRole('list', { name: `Findings for the ${host} host` })
    .locator(':scope > li')
    .evaluateAll((items) =>
      items.map((li) => {
        const where = li.querySelector('button')?.textContent ?? '';
        const message = li.querySelector('span.MuiTypography-root')?.textContent ?? '';
        return `${where} ${message}`;
      }),
    );

const coreFindings = (text: string) =>
  lintSetkeyConf(text).map((f) => `${f.line}:${f.column} ${f.message}`);

/** A File for the page, built in the browser from bytes. */
const dropFiles = async (page: Page, files: { name: string; bytes: number[] | string }[]) => {
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) {
      const body = typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes);
      data.items.add(new File([body], f.name, { type: 'text/plain' }));
    }
    return data;
  }, files);
  const zone = page.getByTestId('import-drop-zone');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
};

describe('Check a file in Chromium', () => {
  it('paste: Ctrl+V of a file with errors lists the core findings and marks the lines', async () => {
    const watched = await openCheck(DESKTOP);
    const { page } = watched;
    const text = fixture('bad-duplicate-spi');
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await first(page).click();
    await page.keyboard.press('Control+V');
    await expect.poll(() => first(page).inputValue()).toBe(text);
    await expect.poll(() => shownFindings(page, 'first')).toEqual(coreFindings(text));
    expect(coreFindings(text).length).toBeGreaterThan(0);
    const errorLines = lintSetkeyConf(text)
      .filter((f) => f.severity === 'error')
      .map((f) => f.line);
    const marked = page.getByRole('list', { name: 'Marked text of the first host' });
    for (const line of errorLines)
      expect(
        await marked
          .locator('li')
          .nth(line - 1)
          .getAttribute('data-severity'),
      ).toBe('error');
    await page.screenshot({ path: `${SHOTS}/check-1280x800-paste.png`, fullPage: true });
    await finish(watched);
  }, 90_000);

  it('upload: both hosts’ files through the picker; the mirror check names the first differing line', async () => {
    const watched = await openCheck(DESKTOP);
    const { page } = watched;
    await page
      .getByLabel('Open setkey.conf files')
      .setInputFiles([`${corpus}/mirror-host-a.conf`, `${corpus}/mirror-host-b.conf`]);
    await expect.poll(() => second(page).inputValue()).toBe(fixture('mirror-host-b'));
    expect(await first(page).inputValue()).toBe(fixture('mirror-host-a'));
    const a = parseSetkeyConf(fixture('mirror-host-a'));
    const b = parseSetkeyConf(fixture('mirror-host-b'));
    const mismatch = checkMirror(b, a);
    expect(mismatch.length).toBeGreaterThan(0);
    await expect.poll(() => status(page).textContent()).toContain('do not mirror each other');
    await expect
      .poll(() =>
        page
          .getByText(/The first line that does not mirror the other file is line/)
          .allTextContents(),
      )
      .toContain(
        `The first line that does not mirror the other file is line ${mismatch[0]!.line}.`,
      );
    await expect
      .poll(() => shownFindings(page, 'second'))
      .toEqual(coreFindings(fixture('mirror-host-b')));
    await page.screenshot({ path: `${SHOTS}/check-1280x800-mirror.png`, fullPage: true });
    await finish(watched);
  }, 90_000);

  it('drop: a real drop event with a file fills the first host and checks it', async () => {
    const watched = await openCheck(DESKTOP);
    const { page } = watched;
    const text = fixture('bad-weak-algorithm');
    await dropFiles(page, [{ name: 'old.conf', bytes: text }]);
    await expect.poll(() => first(page).inputValue()).toBe(text);
    await expect
      .poll(() => page.getByRole('heading', { name: /First host \(old\.conf\)/ }).count())
      .toBe(1);
    await expect.poll(() => shownFindings(page, 'first')).toEqual(coreFindings(text));
    // A second drop of one file goes to the free second host.
    await dropFiles(page, [{ name: 'peer.conf', bytes: fixture('good-article-host-b') }]);
    await expect.poll(() => second(page).inputValue()).toBe(fixture('good-article-host-b'));
    expect(await first(page).inputValue()).toBe(text);
    await finish(watched);
  }, 90_000);

  it('refuses binary, oversized and too many files, keeping what was there', async () => {
    const watched = await openCheck(DESKTOP);
    const { page } = watched;
    const kept = fixture('good-compact');
    await first(page).fill(kept);
    await page.getByLabel('Open setkey.conf files').setInputFiles({
      name: 'photo.conf',
      mimeType: 'text/plain',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    });
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(
        expect.stringMatching(/^photo\.conf was refused: .*(not UTF-8|control byte)/),
      );
    await page.getByLabel('Open setkey.conf files').setInputFiles({
      name: 'huge.conf',
      mimeType: 'text/plain',
      buffer: Buffer.alloc(1024 * 1024 + 1, 0x23),
    });
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/^huge\.conf was refused: it has 1048577 bytes/));
    await dropFiles(page, [
      { name: '1.conf', bytes: kept },
      { name: '2.conf', bytes: kept },
      { name: '3.conf', bytes: kept },
    ]);
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/^3 files were given/));
    expect(await first(page).inputValue()).toBe(kept);
    expect(await second(page).inputValue()).toBe('');
    await page.screenshot({ path: `${SHOTS}/check-1280x800-refused.png` });
    await finish(watched);
  }, 90_000);

  it('applies a mechanical fix; the finding goes and the text is right', async () => {
    const watched = await openCheck(DESKTOP);
    const { page } = watched;
    await first(page).fill(fixture('bad-missing-semicolon'));
    const fix = page.getByRole('button', { name: /^Apply fix: / });
    await expect.poll(() => fix.count()).toBe(1);
    await fix.click();
    await expect.poll(() => status(page).textContent()).toContain('First host: no findings.');
    const fixed = await first(page).inputValue();
    expect(fixed.split('\n')[0]).toBe('flush;');
    expect(lintSetkeyConf(fixed)).toEqual([]);
    await finish(watched);
  }, 90_000);

  it('keyboard only: a clean pair is checked, a line explained, and loaded into the wizard', async () => {
    const watched = await openCheck(DESKTOP);
    const { page } = watched;
    const a = fixture('good-article-host-a');
    const b = fixture('good-article-host-b');
    await first(page).focus();
    await page.keyboard.insertText(a);
    await second(page).focus();
    await page.keyboard.insertText(b);
    await expect
      .poll(() => status(page).textContent())
      .toContain('The two files mirror each other.');
    const focusedText = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return `${el?.tagName}|${el?.getAttribute('aria-label') ?? ''}|${el?.textContent?.trim().slice(0, 80) ?? ''}`;
      });
    // From the first host's field, Tab reaches its marked text: one Tab stop, on the first line
    // with a finding (line 9, the AH SA warned about AH with ESP); arrows move from there.
    await first(page).focus();
    for (let i = 0; i < 20 && !(await focusedText()).startsWith('LI|'); i++)
      await page.keyboard.press('Tab');
    expect(await focusedText()).toContain('add 192.168.10.1 192.168.10.2 ah 0x200');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText()).toContain('add 192.168.10.1 192.168.10.2 ah 0x200');
    const region = page.getByRole('region', { name: 'Explanation of the selected line' });
    await expect.poll(() => region.textContent()).toContain('160 bits');
    await region.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/check-1280x800-explain.png` });

    const load = page.getByRole('button', { name: 'Load into the wizard' });
    for (let i = 0; i < 200; i++) {
      if ((await focusedText()).startsWith('BUTTON||Load into the wizard')) break;
      await page.keyboard.press('Tab');
    }
    expect(await load.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    // The wizard shows the imported hosts, and its preview uses the imported SPIs and keys.
    await expect
      .poll(() => page.getByRole('button', { name: 'Wizard' }).getAttribute('aria-current'))
      .toBe('page');
    expect(await page.getByLabel('Host 1 address').inputValue()).toBe('192.168.10.1');
    expect(await page.getByLabel('Host 2 address').inputValue()).toBe('192.168.10.2');
    await page.getByRole('checkbox', { name: 'Show keys' }).check();
    const preview = page.getByRole('list', { name: /^Lines of .*\/setkey\.conf$/ }).first();
    await expect
      .poll(async () => (await preview.locator('li').allTextContents()).join('\n'))
      .toContain('ah 0x200 -A hmac-sha1 0xafe65274a495fd5f5dbca3d9548cb482c76aa86a;');
    await page.screenshot({ path: `${SHOTS}/check-1280x800-loaded.png` });
    await finish(watched);
  }, 120_000);

  for (const viewport of [DESKTOP, PHONE]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`axe finds no violations with findings showing at ${viewport.width}px, ${scheme}`, async () => {
        const watched = await openCheck(viewport, scheme);
        const { page } = watched;
        await first(page).fill(fixture('mirror-host-a'));
        await second(page).fill(fixture('mirror-host-b'));
        await expect.poll(() => status(page).textContent()).toContain('do not mirror');
        await page
          .getByRole('list', { name: 'Marked text of the second host' })
          .locator('li')
          .nth(13)
          .click();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(viewport.width);
        const result = await new AxeBuilder({ page }).analyze();
        const summary = result.violations.map(
          (v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        expect(summary).toEqual([]);
        await page.screenshot({
          path: `${SHOTS}/check-${viewport.width}-${scheme}.png`,
          fullPage: viewport === PHONE,
        });
        await finish(watched);
      }, 120_000);
    }
  }
});
