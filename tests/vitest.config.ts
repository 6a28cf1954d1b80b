import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          // Patches on a dependency's internals keep their differential tests beside them (src/content/patches).
          include: ['tests/{unit,http,node}/**/*.test.ts', 'src/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/support/fast-check-setup.ts'],
        },
      },
      {
        // The real Worker entry in workerd: wrangler.toml gives main, compatibility date and vars.
        extends: true,
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: {
          name: 'workers',
          include: ['tests/workers/**/*.test.ts'],
          globalSetup: ['tests/workers/global-setup.ts'],
          // The first request loads the Worker's modules through Vite: seconds on a busy machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
