/**
 * Experiment (not a test): the race test's setup (8 writers x 400 single-event appends, a reader
 * following the log from the start), with two readers side by side on Postgres:
 * - `readAll` (transaction id + position, behind the visibility horizon);
 * - a naive reader following `global_position > last`, as Emmett 0.42's consumer did.
 * Prints how many distinct events each saw. Needs TEST_DATABASE_URL or DATABASE_URL.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm tsx bench/naive-reader.experiment.ts [runs]
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { createEventStore } from '../src/create-event-store.js'
import type { Position } from '../src/event-store.js'

const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
if (url === undefined || url === '') throw new Error('set TEST_DATABASE_URL or DATABASE_URL')
const runs = Number(process.argv[2] ?? 5)
const writers = 8
const appendsPerWriter = 400
const total = writers * appendsPerWriter

async function run(): Promise<{ safe: number; naive: number; naiveDuplicates: number }> {
  const schema = `store_exp_${randomUUID().replaceAll('-', '')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const store = await createEventStore({ kind: 'postgres', url: url as string, schema, poolSize: 12 })
  const naivePool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` })
  try {
    let writing = true
    const writes = Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < appendsPerWriter; i++) {
          await store.appendToStream(`race-${w}`, i === 0 ? 'no_stream' : i, [
            { type: 'Raced', data: { w, i } },
          ])
        }
      }),
    ).finally(() => {
      writing = false
    })

    const safeReader = (async () => {
      const seen = new Set<string>()
      let after: Position | undefined
      for (;;) {
        const stillWriting = writing
        const page = await store.readAll({ after, limit: 97 })
        for (const e of page.events) seen.add(e.globalPosition)
        after = page.position
        if (!stillWriting && page.events.length === 0) return seen.size
      }
    })()

    const naiveReader = (async () => {
      const seen = new Set<string>()
      let duplicates = 0
      let last = '0'
      for (;;) {
        const stillWriting = writing
        const page = await naivePool.query<{ p: string }>(
          'select global_position::text as p from store_events where global_position > $1::bigint order by global_position limit 97',
          [last],
        )
        for (const { p } of page.rows) {
          if (seen.has(p)) duplicates++
          seen.add(p)
          last = p
        }
        if (!stillWriting && page.rows.length === 0) return { naive: seen.size, naiveDuplicates: duplicates }
      }
    })()

    await writes
    const [safe, naive] = await Promise.all([safeReader, naiveReader])
    return { safe, ...naive }
  } finally {
    await naivePool.end()
    await store.close()
    await admin.query(`drop schema ${schema} cascade`)
    await admin.end()
  }
}

for (let i = 1; i <= runs; i++) {
  const { safe, naive, naiveDuplicates } = await run()
  const lost = total - naive
  console.log(
    `run ${i}: readAll saw ${safe}/${total}; naive global_position reader saw ${naive}/${total} ` +
      `(lost ${lost}, ${((100 * lost) / total).toFixed(2)}%; duplicates ${naiveDuplicates})`,
  )
}
