/**
 * `pnpm check` part: no TypeScript file under the folders that grow fastest is over MAX_LINES lines
 * (tests included), so each stays one concept a reader can hold. Prints every offender and exits 1.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const MAX_LINES = 300
const ROOTS = ['apps/server/src', 'simulator/src']

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') yield* tsFiles(path)
    } else if (entry.name.endsWith('.ts')) yield path
  }
}

const over = ROOTS.flatMap((root) =>
  [...tsFiles(root)].flatMap((path) => {
    const lines = readFileSync(path, 'utf8').split('\n').length - 1
    return lines > MAX_LINES ? [{ path, lines }] : []
  }),
)
for (const { path, lines } of over) console.error(`${path}: ${lines} lines (at most ${MAX_LINES})`)
if (over.length > 0) {
  console.error(`${over.length} file(s) over ${MAX_LINES} lines: split them by concept.`)
  process.exit(1)
}
console.log(`file sizes: every .ts file under ${ROOTS.join(', ')} has at most ${MAX_LINES} lines`)
