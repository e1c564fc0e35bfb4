/**
 * Seeding for the scale benchmark (`scale.bench.ts`): one template company onboarded and linked
 * through the API and the simulator, then cloned `companies - 1` times, in SQL on the server's side
 * (every row the server wrote for the template's company and account streams, ids replaced) and in
 * the simulator's exported state (the template's Codat company, connection and source accounts, ids
 * replaced), so both sides hold the same linked companies without onboarding each one over HTTP.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { ListeningSimulator } from '../src/support/simulator.js'

/** The template company: its ids on both sides (the server's company id is Codat's). */
export interface Template {
  readonly companyId: string
  readonly connectionId: string
}

/** Server tables holding per-stream rows keyed by a `stream` (or `key`) column, copied per clone. */
const STREAM_TABLES: readonly { table: string; column: string }[] = [
  { table: 'store_streams', column: 'stream' },
  { table: 'store_events', column: 'stream' },
  { table: 'store_unique_keys', column: 'stream' },
  { table: 'store_snapshots', column: 'stream' },
  // Due work (branch `due`): one row per account stream, when the table exists.
  { table: 'store_due', column: 'key' },
]

/** Columns of `table` (in order) the clone writes: every column but generated ones and `transaction_id`. */
async function columnsOf(client: pg.Client, table: string): Promise<{ name: string; type: string }[]> {
  const r = await client.query<{ name: string; type: string }>(
    `select column_name as name, data_type as type from information_schema.columns
      where table_schema = current_schema() and table_name = $1
        and is_generated = 'NEVER' and is_identity = 'NO'
      order by ordinal_position`,
    [table],
  )
  // The writing transaction's id is the new row's own (readAll's gap-safety), never the template's.
  return r.rows.filter((c) => c.name !== 'transaction_id')
}

/**
 * Copies every row of the template's streams (`company:<T>`, `account:<T>:*`) once per new
 * `(companyId, connectionId)`, with the template's ids replaced in every text and JSON column.
 * Events keep their per-stream versions and are appended in company order. Answers the rows written.
 */
export async function cloneServerRows(
  url: string,
  template: Template,
  clones: readonly Template[],
  chunk = 1000,
): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  let rows = 0
  try {
    for (const { table, column } of STREAM_TABLES) {
      const cols = await columnsOf(client, table)
      if (cols.length === 0) continue // not in this schema
      const value = (c: { name: string; type: string }) => {
        const ref = `t.${c.name}`
        if (c.type === 'text') return `replace(replace(${ref}, $1, n.c), $2, n.k)`
        if (c.type === 'json' || c.type === 'jsonb')
          return `replace(replace(${ref}::text, $1, n.c), $2, n.k)::${c.type}`
        return ref
      }
      const order = table === 'store_events' ? 'order by n.i, t.global_position' : ''
      for (let i = 0; i < clones.length; i += chunk) {
        const part = clones.slice(i, i + chunk)
        const r = await client.query(
          `insert into ${table} (${cols.map((c) => c.name).join(', ')})
           select ${cols.map(value).join(', ')}
             from ${table} t, unnest($3::text[], $4::text[]) with ordinality n(c, k, i)
            where t.${column} = 'company:' || $1 or t.${column} like 'account:' || $1 || ':%'
            ${order}`,
          [
            template.companyId,
            template.connectionId,
            part.map((p) => p.companyId),
            part.map((p) => p.connectionId),
          ],
        )
        rows += r.rowCount ?? 0
      }
    }
    await client.query('vacuum analyze')
    return rows
  } finally {
    await client.end()
  }
}

/** `count` fresh id pairs. */
export function newIds(count: number): Template[] {
  return Array.from({ length: count }, () => ({ companyId: randomUUID(), connectionId: randomUUID() }))
}

/**
 * Adds the clones to the simulator: its exported state with the template's Codat company record
 * copied once per clone (ids replaced), imported back. Their source accounts are `connected` with the
 * template's feed start date, as the template's link left them.
 */
export function cloneSimulatorCompanies(
  sim: ListeningSimulator,
  template: Template,
  clones: readonly Template[],
): void {
  const state = sim.sim.control.exportState().body as { companies: Record<string, unknown> }
  const rec = JSON.stringify(state.companies[template.companyId])
  if (rec === undefined) throw new Error(`the simulator has no company ${template.companyId}`)
  for (const c of clones) {
    state.companies[c.companyId] = JSON.parse(
      rec.replaceAll(template.companyId, c.companyId).replaceAll(template.connectionId, c.connectionId),
    )
  }
  const r = sim.sim.control.importState(state)
  if (r.status !== 200) throw new Error(`simulator state import: HTTP ${r.status} ${JSON.stringify(r.body)}`)
}
