/**
 * Browser test harness: builds the app once into a temporary directory, serves it on 127.0.0.1 from
 * a tiny static server, and launches Debian's Chromium through playwright-core.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

export interface BuiltApp {
  readonly dir: string;
  readonly url: string;
  close(): Promise<void>;
}

/** Builds with the project's vite.config.ts (CSP included) and serves the result. */
export async function buildAndServe(options: { minify?: boolean } = {}): Promise<BuiltApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ipsec-wizard-build-'));
  await build({
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true, minify: options.minify ?? true },
  });
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    dir,
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

export interface WatchedPage {
  readonly page: Page;
  /** Requests to anywhere but the app's origin (blob: and data: stay in the browser). */
  readonly foreign: string[];
  /** Console errors and warnings, and uncaught exceptions (a CSP refusal shows up here). */
  readonly errors: string[];
}

export interface OpenOptions {
  viewport: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** e.g. clipboard-read and clipboard-write for copy and paste tests. */
  permissions?: string[];
}

export const SHOTS = 'test-results/screenshots';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface Suite {
  readonly app: BuiltApp;
  readonly browser: Browser;
}

/** Builds and serves the app and starts Chromium once for the calling test file. */
export function startSuite(): Suite {
  const suite = {} as { app: BuiltApp; browser: Browser };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    suite.app = await buildAndServe();
    suite.browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/** A fresh context and page on the app, watched for foreign requests and console errors. */
export async function openWatched(
  { app, browser }: Suite,
  { viewport, colorScheme = 'light', permissions = [] }: OpenOptions,
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport,
    colorScheme,
    permissions,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const watched: WatchedPage = { page, foreign: [], errors: [] };
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
  // React renders after the load event: wait for the wizard itself before any key is pressed.
  await page.getByLabel('Host 1 address').waitFor();
  return watched;
}

/** Nothing was requested elsewhere and nothing went wrong in the console; closes the context. */
export async function finishWatched(watched: WatchedPage): Promise<void> {
  expect(watched.foreign).toEqual([]);
  expect(watched.errors).toEqual([]);
  await watched.page.context().close();
}
