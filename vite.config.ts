/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The built app talks to nothing but its own files. The policy says so to the browser, which then
 * refuses any other request. emotion (MUI's styling) inserts <style> elements, hence 'unsafe-inline'
 * for styles only. Built pages only: the dev server needs inline scripts for hot reloading.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'ipsec-wizard-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after the charset: a policy only covers what follows it in the document.
      handler: (html) =>
        html.replace(
          /<meta charset="UTF-8" \/>/i,
          (charset) =>
            `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
        ),
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  base: './',
  // The real budget (200 KB gzipped before first interaction) is measured by bench/ui.ts.
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 700 },
  test: {
    globals: true,
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Component tests opt into jsdom with a `// @vitest-environment jsdom` docblock.
    setupFiles: ['test/setup.ts'],
    reporters: ['default', './test/reporters/plain-summary.ts'],
    testTimeout: 20000,
  },
});
