/**
 * Layer rules, checked in CI by `npm run lint:deps` (see docs/architecture.md).
 * Arrows point down only: domain at the bottom, the pipeline above what it
 * drives, the API, the CLI and the composition root on top.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain/ holds the shared vocabulary and imports nothing else of ours.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'only-the-top-imports-the-pipeline',
      severity: 'error',
      comment:
        'Only the API (schema/, server/), the CLI (cli/) and the composition root (app.ts, services.ts, main.ts) may import the pipeline; everything it drives sits below it.',
      from: { path: '^src/', pathNot: '^src/(pipeline|schema|server|cli)/|^src/(app|services|main)\\.ts$' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'stages-never-import-each-other',
      severity: 'error',
      comment: 'Each stage is one file; shared code lives below the pipeline, not in another stage.',
      from: { path: '^src/pipeline/stages/([^/]+)\\.ts$' },
      to: { path: '^src/pipeline/stages/', pathNot: '^src/pipeline/stages/$1\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make the layers meaningless.',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
