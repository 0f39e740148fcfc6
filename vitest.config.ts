import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The CLI tests run the compiled build: rebuilt here when the sources changed.
    globalSetup: ['tests/setup/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // better-sqlite3 and pg are native/networked: forks isolate them more predictably than threads.
    pool: 'forks',
    // UPDATE=1 rewrites the golden files (toMatchFileSnapshot under tests/golden/) instead of comparing.
    update: process.env.UPDATE === '1',
  },
});
