import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/** The production sources of the core: everything in src except tests and test support. */
function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'testing' ? [] : productionFiles(p)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : []
  })
}

const FORBIDDEN: [string, RegExp][] = [
  ['Date.now', /Date\.now\s*\(/],
  ['new Date() without argument', /new Date\(\s*\)/],
  ['Math.random', /Math\.random/],
  ['randomUUID', /randomUUID/],
  ['fetch', /\bfetch\s*\(/],
  ['node: import', /from\s+['"]node:/],
  ['process', /\bprocess\./],
]

const SRC = join(import.meta.dirname)

describe('the core is pure', () => {
  const files = productionFiles(SRC)
  it('has production files to check', () => {
    expect(files.length).toBeGreaterThan(5)
  })
  it.each(files)('%s imports only its own modules and reads no clock, randomness or I/O', (file) => {
    const text = readFileSync(file, 'utf8')
    for (const [what, re] of FORBIDDEN) expect(re.test(text), `${what} in ${file}`).toBe(false)
    const imports = [...text.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '')
    for (const spec of imports) {
      // Relative, with its `.js` ending, to a production module inside src (never to test support).
      expect(/^\.\.?\//.test(spec) && spec.endsWith('.js'), `import of ${spec} in ${file}`).toBe(true)
      const target = resolve(dirname(file), spec)
      expect(target.startsWith(SRC + sep), `import of ${spec} in ${file} leaves src`).toBe(true)
      expect(target.includes(`${sep}testing${sep}`), `import of ${spec} in ${file}`).toBe(false)
    }
  })
})
