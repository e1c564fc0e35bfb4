/**
 * `pnpm --filter @feedsync/server build`: the server as ONE ES module, `dist/main.js` (+ `main.js.map`),
 * built from `src/main.ts`, so that `pnpm server` runs plain `node` instead of compiling TypeScript
 * through tsx at every start.
 *
 * Our workspace packages (`@feedsync/*`, whose exports point at TypeScript sources) are bundled in,
 * and so are the few pure-JavaScript packages made of hundreds of small files (`BUNDLED`).
 * Every other package stays external and is imported at run time, from the very file the importing
 * package would load: a bare import is resolved from its importer (a `@feedsync/store` dependency
 * such as `kysely` lives in `packages/store/node_modules`, which `dist/` cannot see) and written as a
 * path relative to `dist/`. So PGlite still finds its wasm files beside its own module, `pg` keeps
 * its optional native parts, and a dynamic `import()` (PGlite, only for an embedded database) stays
 * a dynamic import.
 *
 * The files are written to a temporary name and renamed, so a process starting the bundle while
 * another build runs sees a whole bundle, old or new.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const outdir = join(here, 'dist')

/**
 * Pure-JavaScript packages bundled in as well: each is hundreds of small ES modules (typebox ~680
 * files, kysely ~260), and loading them one file at a time was most of the start. Bundled, they are
 * one copy each (the type provider and the PGlite dialect use the same typebox and kysely as we do).
 */
const BUNDLED = ['typebox', '@fastify/type-provider-typebox', 'kysely', 'kysely-pglite-dialect']
const bundled = (path: string) => BUNDLED.some((name) => path === name || path.startsWith(`${name}/`))

/** Bundles `@feedsync/*`, `BUNDLED` and relative imports; anything else is external, addressed by its resolved file. */
const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@feedsync/') || bundled(args.path) || args.pluginData === 'resolving')
        return undefined
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      })
      if (resolved.errors.length > 0) return { errors: resolved.errors }
      if (resolved.external) return { path: args.path, external: true } // node:* built-ins
      const path = relative(outdir, resolved.path).split(sep).join('/')
      return { path: path.startsWith('.') ? path : `./${path}`, external: true }
    })
  },
}

const started = performance.now()
const result = await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  keepNames: true,
  write: false,
  logLevel: 'warning',
  plugins: [externalDependencies],
})
mkdirSync(outdir, { recursive: true })
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`
  writeFileSync(tmp, file.contents)
  renameSync(tmp, file.path)
}
process.stdout.write(
  `built ${relative(process.cwd(), join(outdir, 'main.js'))} in ${Math.round(performance.now() - started)} ms\n`,
)
