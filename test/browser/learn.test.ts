/**
 * The Learn view in Debian's Chromium: a person who filled in the wizard walks the whole teaching
 * path by keyboard alone (every step opened with Next, a command copied, a modern choice applied,
 * a symptom opened, a line explained); the steps use that person's own hosts and SPIs; the page holds
 * its layout at phone width and axe finds no violations. Screenshots go to test-results/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { finishWatched, openWatched, DESKTOP, PHONE, SHOTS, startSuite } from './harness';

const suite = startSuite();

const open = (
  viewport: { width: number; height: number },
  colorScheme: 'light' | 'dark' = 'light',
) =>
  openWatched(suite, {
    viewport,
    colorScheme,
    permissions: ['clipboard-read', 'clipboard-write'],
  });

const finish = finishWatched;

/** The wizard filled in (its own keyboard path is tested in wizard.test.ts). */
async function fillWizard(page: Page, phone = false) {
  await page.getByLabel('Host 1 address').fill('10.20.0.1');
  await page.getByLabel('Host 2 address').fill('10.20.0.2');
  if (phone) await page.getByRole('button', { name: 'Step 2: Protection' }).click();
  await page.getByRole('radio', { name: 'AH + ESP' }).check();
}

/** What the focused element is: its role-ish kind, accessible name or text, and state. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { text: '', expanded: null, role: '', checked: false };
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return {
      // Without the accordions' decorative chevron.
      text:
        el.getAttribute('aria-label') ?? (label || el.textContent?.replace('▾', '').trim() || ''),
      expanded: el.getAttribute('aria-expanded'),
      role: el.getAttribute('role') ?? el.tagName.toLowerCase(),
      checked: (el as HTMLInputElement).checked === true,
    };
  });

type Focus = Awaited<ReturnType<typeof focused>>;

async function tabUntil(page: Page, test: (f: Focus) => boolean, limit = 150): Promise<Focus> {
  for (let i = 0; i < limit; i++) {
    const now = await focused(page);
    if (test(now)) return now;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reached by Tab; last focus ${JSON.stringify(await focused(page))}`);
}

/** The wizard's SPIs as tcpdump prints them (0x + 8 hex digits). */
async function wizardSpis(page: Page, phone = false): Promise<string[]> {
  if (phone) await page.getByRole('button', { name: 'Step 3: Keys and SPIs' }).click();
  const fields = page.getByLabel(/^SPI of /);
  const values = await fields.evaluateAll((inputs) =>
    inputs.map((i) => (i as HTMLInputElement).value),
  );
  expect(values.length).toBe(4);
  return values.map((v) => `0x${Number(v).toString(16).padStart(8, '0')}`);
}

describe('Learn in Chromium', () => {
  it('keyboard only: the whole teaching path with the wizard plan', async () => {
    const watched = await open(DESKTOP);
    const { page } = watched;
    await fillWizard(page);
    const spis = await wizardSpis(page);

    // From the top of the page to the Learn view.
    await page.locator('body').focus();
    await tabUntil(page, (f) => f.text === 'Learn');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Learn' }).waitFor();
    const source = await tabUntil(
      page,
      (f) => f.role === 'input' && f.text.startsWith('Your plan'),
    );
    expect(source.checked).toBe(true);
    expect(source.text).toContain('10.20.0.1');

    // Step 1 is open; every step after it is reached with its Next button.
    const first = await tabUntil(page, (f) => f.text.startsWith('Step 1 of'));
    expect(first.expanded).toBe('true');
    const total = Number(/Step 1 of (\d+)/.exec(first.text)?.[1]);
    expect(total).toBeGreaterThanOrEqual(9);
    await page.screenshot({ path: `${SHOTS}/learn-1280x800-step1.png` });

    // A command is copied by keyboard: the clipboard holds exactly the command shown.
    const copy = await tabUntil(page, (f) => f.text.startsWith('Copy: '));
    await page.keyboard.press('Enter');
    await page.getByText('Copied to the clipboard.').first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const shown = await page
      .getByRole('region', { name: /Step 1 of/ })
      .locator('pre code')
      .first()
      .textContent();
    expect(copied).toBe(shown);
    expect(copy.text.length).toBeGreaterThan('Copy: '.length);

    const titles: string[] = [first.text];
    for (let step = 2; step <= total; step++) {
      await tabUntil(page, (f) => f.text === 'Next');
      await page.keyboard.press('Enter');
      const now = await focused(page);
      expect(now.text, `step ${step}`).toMatch(new RegExp(`^Step ${step} of ${total}:`));
      expect(now.expanded).toBe('true');
      titles.push(now.text);
      if (now.text.includes('Test 3')) {
        // The sniffer step shows what tcpdump prints for this plan's own SPIs.
        const sample = await page
          .getByLabel(/^Expected output/)
          .last()
          .textContent();
        for (const spi of spis) expect(sample).toContain(`spi=${spi}`);
        // Let the accordions finish moving before the picture (MUI marks settled panels).
        const moving = page.locator(
          '.MuiCollapse-root:not(.MuiCollapse-hidden):not(.MuiCollapse-entered)',
        );
        await expect.poll(() => moving.count()).toBe(0);
        await page.screenshot({ path: `${SHOTS}/learn-1280x800-sniffer.png` });
      }
    }
    expect(titles.join('\n')).toMatch(/Kernel and tools[\s\S]*SPD[\s\S]*SAD[\s\S]*keys/);
    expect(titles.at(-1)).toContain('Then and now');

    // The plan uses AH with ESP: the modern choice is one key press away and lands in the wizard.
    await tabUntil(page, (f) => f.text.startsWith('Use the modern choice: Use ESP alone'));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).text).toContain('Your plan in the wizard');
    await expect
      .poll(() => page.getByRole('region', { name: /Walkthrough/ }).textContent())
      .not.toMatch(/\bah 0x/);
    await page.screenshot({ path: `${SHOTS}/learn-1280x800-then-and-now.png` });

    // A symptom opens with Enter and shows its cause.
    const symptom = await tabUntil(
      page,
      (f) => f.expanded === 'false' && !f.text.startsWith('Step '),
    );
    await page.keyboard.press('Enter');
    expect((await focused(page)).expanded).toBe('true');
    await expect
      .poll(() => page.getByRole('region', { name: symptom.text }).textContent())
      .toContain('Cause:');

    // Any line typed into the explainer is explained token by token.
    await tabUntil(page, (f) => f.text === 'Line to explain');
    await page.keyboard.type('spdadd 10.20.0.1 10.20.0.2 any -P out ipsec esp/transport//require;');
    const explanation = page.getByRole('region', { name: 'Explanation of the line you entered' });
    await expect.poll(() => explanation.getByRole('term').count()).toBeGreaterThan(5);
    await expect.poll(() => explanation.textContent()).toContain('out');
    await explanation.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/learn-1280x800-explain.png` });

    // Back in the wizard, the modern choice is the plan now.
    await page.getByRole('button', { name: 'Wizard' }).click();
    expect(await page.getByRole('radio', { name: 'ESP', exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Host 2 address').inputValue()).toBe('10.20.0.2');
    await finish(watched);
  }, 180_000);

  it('phone: the walkthrough fits 390 px and follows the wizard plan', async () => {
    const watched = await open(PHONE);
    const { page } = watched;
    await fillWizard(page, true);
    await page.getByRole('button', { name: 'Learn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Learn' }).waitFor();
    expect(await page.getByRole('radio', { name: /^Your plan/ }).isChecked()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/learn-390x844-top.png` });
    const steps = page.getByRole('button', { name: /^Step \d+ of/ });
    const count = await steps.count();
    for (let i = 0; i < count; i++) {
      // Step 1 starts open; a click on it would close it.
      if ((await steps.nth(i).getAttribute('aria-expanded')) !== 'true') await steps.nth(i).click();
      await expect.poll(() => steps.nth(i).getAttribute('aria-expanded')).toBe('true');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `step ${i + 1}`).toBeLessThanOrEqual(PHONE.width);
      if (i === 1 || i === 7) {
        await steps.nth(i).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/learn-390x844-step${i + 1}.png` });
      }
    }
    await finish(watched);
  }, 120_000);

  it('the preview explains the selected line in place: click, keyboard focus and arrows, tap', async () => {
    const watched = await open(DESKTOP);
    const { page } = watched;
    await fillWizard(page);
    const detail = page.locator('.line-detail');
    const lines = page.getByRole('list', { name: 'Lines of a/setkey.conf' }).locator('li');
    const spd = lines.filter({ hasText: /^spdadd 10\.20\.0\.1 10\.20\.0\.2 any -P out/ });
    await spd.click();
    const region = detail.getByRole('region', { name: 'Explanation of the selected line' });
    await expect.poll(() => region.textContent()).toMatch(/host a sends them/);
    expect(await region.getByRole('term').count()).toBeGreaterThan(5);
    // Down from the policy line to its rule, explained as part of that spdadd statement.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => region.textContent()).toMatch(/\(rule\)/);
    await detail.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/explain-preview-1280x800.png` });

    // The ip xfrm script's lines are explained as well.
    await page.getByRole('tab', { name: 'ipsec-up.sh' }).first().click();
    const xfrm = page.getByRole('list', { name: 'Lines of a/ipsec-up.sh' }).locator('li');
    await xfrm
      .filter({ hasText: /^ip xfrm state add/ })
      .first()
      .click();
    await expect.poll(() => region.textContent()).toMatch(/SPI/);
    // Escape closes the explanation; focusing a line by Tab opens it again.
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => detail.count()).toBe(1);
    await finish(watched);
  }, 120_000);

  it('phone: a tapped preview line is explained below it', async () => {
    const context = await suite.browser.newContext({
      viewport: PHONE,
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(suite.app.url);
    await page.getByLabel('Host 1 address').waitFor();
    await fillWizard(page, true);
    await page.getByRole('button', { name: 'Step 5: Preview' }).click();
    const line = page
      .getByRole('list', { name: 'Lines of a/setkey.conf' })
      .locator('li')
      .filter({ hasText: /^add 10\.20\.0\.1 10\.20\.0\.2 esp/ });
    await line.tap();
    const region = page.getByRole('region', { name: 'Explanation of the selected line' });
    await expect.poll(() => region.textContent()).toMatch(/unique/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await region.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/explain-preview-390x844.png` });
    await context.close();
  }, 120_000);

  for (const viewport of [DESKTOP, PHONE]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`axe finds no violations in Learn at ${viewport.width}px, ${scheme}`, async () => {
        const watched = await open(viewport, scheme);
        const { page } = watched;
        await page.getByRole('button', { name: 'Learn' }).click();
        await page.getByRole('button', { name: /^Step 1 of/ }).waitFor();
        // With a command copied, a symptom open and a line explained: the busiest state.
        await page
          .getByRole('button', { name: /^Copy: / })
          .first()
          .click();
        await page.getByRole('button', { name: /^Step 4 of/ }).click();
        await page
          .getByLabel('Line to explain')
          .fill('add 192.168.1.100 192.168.2.100 ah 0x200 -A hmac-sha1 0x00;');
        const result = await new AxeBuilder({ page }).analyze();
        const summary = result.violations.map(
          (v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        expect(summary).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/learn-axe-${viewport.width}-${scheme}.png` });
        await finish(watched);
      }, 120_000);
    }
  }
});
