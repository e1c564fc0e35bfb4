import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = dirname(fileURLToPath(import.meta.url))

/** Every source file under src (relative path) with the relative modules it imports, type-only ones included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8')
        const deps = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)].map((m) =>
          relative(SRC, normalize(join(dirname(p), (m[1] as string).replace(/\.js$/, '.ts')))),
        )
        graph.set(relative(SRC, p), deps)
      }
    }
  }
  walk(SRC)
  return graph
}

const folderOf = (file: string) => (file.includes('/') ? (file.split('/')[0] as string) : '.')

describe('source layout', () => {
  const graph = importGraph()

  it('has no import cycle, type-only imports included', () => {
    const state = new Map<string, 'open' | 'done'>()
    const cycles: string[] = []
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '))
        return
      }
      state.set(f, 'open')
      for (const d of graph.get(f) ?? []) if (graph.has(d)) visit(d, [...path, f])
      state.set(f, 'done')
    }
    for (const f of graph.keys()) visit(f, [])
    expect(cycles).toEqual([])
  })

  it('kernel imports nothing of the simulator; codat imports no platform except QBO feed-state types', () => {
    const outside: string[] = []
    for (const [f, deps] of graph) {
      if (f.includes('.test.')) continue
      for (const d of deps) {
        if (folderOf(f) === 'kernel' && folderOf(d) !== 'kernel') outside.push(`${f} -> ${d}`)
        if (folderOf(f) === 'codat' && folderOf(d) === 'platforms' && d !== 'platforms/qbo/feed-state.ts') {
          outside.push(`${f} -> ${d}`)
        }
      }
    }
    expect(outside).toEqual([])
  })

  it('keeps every source file, tests included, at 300 lines or fewer', () => {
    const long = [...graph.keys()]
      .map((f) => ({ f, lines: readFileSync(join(SRC, f), 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > 300)
    expect(long).toEqual([])
  })
})
