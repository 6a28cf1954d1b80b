import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/{unit,http,node}/**/*.test.ts'], environment: 'node' } },
    ],
  },
});
