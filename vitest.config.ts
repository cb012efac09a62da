import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql instance: Pothos loads the CommonJS build, so the tests must too
    // (otherwise "Cannot use GraphQLObjectType from another module or realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests load the review app from web/dist.
    globalSetup: ['test/support/web-build.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: more parallel files only queue ffmpeg behind each other.
    maxWorkers: 3,
  },
});
