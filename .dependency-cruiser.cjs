/**
 * The house rules of ../shared/ARCHITECTURE.md as dependency-cruiser rules, run by `pnpm check`.
 * Each rule says what it protects; a violation fails the check.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles anywhere: every module can be read and tested from the bottom up.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-type-cycles',
      severity: 'error',
      comment: 'Not even through `import type`: a cycle of types is a cycle of concepts.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'The core does no I/O and imports no other package of ours (time, ids and limits are arguments).',
      from: { path: '^packages/core/src', pathNot: '\\.test\\.ts$|^packages/core/src/testing/' },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
      },
    },
    {
      name: 'core-imports-no-workspace-package',
      severity: 'error',
      comment: 'The core imports no other package of ours.',
      from: { path: '^packages/core/src' },
      to: { path: '^(packages/(?!core/)|apps/|simulator/)' },
    },
    {
      name: 'simulator-is-independent',
      severity: 'error',
      comment:
        "The simulator is a second, independent reading of the ledgers' rules: it imports none of packages/* or apps/*.",
      from: { path: '^simulator/' },
      to: { path: '^(packages|apps)/' },
    },
    {
      name: 'server-never-imports-simulator',
      severity: 'error',
      comment: 'Which Codat the server talks to is a URL in its configuration.',
      from: { path: '^apps/server/' },
      to: { path: '^simulator/' },
    },
    {
      name: 'only-http-and-routes-know-http',
      severity: 'error',
      comment: "Services throw ServiceError; only http/ maps codes to statuses (tRPC's error placement).",
      from: {
        path: '^apps/server/src/',
        pathNot:
          '^apps/server/src/(http|routes|pages)/|^apps/server/src/(app|index)\\.ts$|^apps/server/src/testing/',
      },
      to: { path: '^apps/server/src/http/' },
    },
    {
      name: 'store-knows-no-domain',
      severity: 'error',
      comment: 'The store knows events only as { type, data, metadata } rows.',
      from: { path: '^packages/store/' },
      to: { path: '^(packages/(core|codat-client)|apps)/' },
    },
    {
      name: 'codat-client-knows-no-domain',
      severity: 'error',
      comment: "The Codat client knows Codat's wire format and nothing of our domain.",
      from: { path: '^packages/codat-client/' },
      to: { path: '^(packages/(core|store)|apps)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    combinedDependencies: false,
  },
}
