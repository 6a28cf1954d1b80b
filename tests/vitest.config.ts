import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/{unit,http,node}/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: { name: 'workers', include: ['tests/workers/**/*.test.ts'] },
      },
    ],
  },
});
