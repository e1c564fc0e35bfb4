import type { ServerProcess } from './server-process.js'
import type { CodatLogEntry } from './simulator.js'

/** The log in arrival order (the simulator records an entry when it answers). */
export function byArrival(log: readonly CodatLogEntry[]): CodatLogEntry[] {
  return [...log].sort((a, b) => a.at - b.at)
}

/** The most requests that arrived within any 60 s (a sliding window: stricter than Codat's minutes). */
export function busiestMinute(log: readonly CodatLogEntry[]): number {
  const sorted = byArrival(log)
  let most = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end]?.at ?? 0) - (sorted[start]?.at ?? 0) >= 60_000) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

/** A request that arrived while a 429's announced wait was running (after `graceMs` for requests already on their way). */
export interface EarlyRequest {
  readonly limitedAt: number
  readonly retryAfter: number
  readonly request: CodatLogEntry
  readonly msAfter: number
}

/**
 * Every request (from any process) that arrived more than `graceMs` after a 429 and before its
 * `Retry-After` (seconds; 1 when absent) had passed, less `slackMs` of timer jitter.
 */
export function requestsDuringWait(
  log: readonly CodatLogEntry[],
  options: { readonly graceMs: number; readonly slackMs: number },
): EarlyRequest[] {
  const sorted = byArrival(log)
  const early: EarlyRequest[] = []
  for (const e of sorted) {
    if (e.status !== 429) continue
    const retryAfter = e.retryAfter ?? 1
    const until = e.at + retryAfter * 1000 - options.slackMs
    for (const x of sorted) {
      if (x === e || x.at <= e.at + options.graceMs || x.at >= until) continue
      early.push({ limitedAt: e.at, retryAfter, request: x, msAfter: x.at - e.at })
    }
  }
  return early
}

/** A counter or gauge from the process's `GET /metrics` (0 when absent). */
export async function metric(p: ServerProcess, metricName: string): Promise<number> {
  const text = await (await fetch(`${p.url}/metrics`)).text()
  const m = new RegExp(`^${metricName} (\\S+)$`, 'm').exec(text)
  return m?.[1] === undefined ? 0 : Number(m[1])
}

/** The largest distance of any value from the values' mean, as a share of the mean (0.2 = 20%). */
export function spreadFromMean(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
  if (mean === 0) return 0
  return Math.max(...values.map((v) => Math.abs(v - mean))) / mean
}

/** The most requests to one Codat company being answered at the same time, over the whole log. */
export function mostConcurrentPerCompany(log: readonly CodatLogEntry[]): number {
  const byCompany = new Map<string, { at: number; delta: number }[]>()
  for (const e of log) {
    const company = /\/companies\/([^/?]+)/.exec(e.request)?.[1]
    if (company === undefined) continue
    const edges = byCompany.get(company) ?? []
    edges.push({ at: e.at, delta: 1 }, { at: e.doneAt, delta: -1 })
    byCompany.set(company, edges)
  }
  let most = 0
  for (const edges of byCompany.values()) {
    edges.sort((a, b) => a.at - b.at || a.delta - b.delta) // an end before a start at the same ms
    let now = 0
    for (const e of edges) {
      now += e.delta
      most = Math.max(most, now)
    }
  }
  return most
}
