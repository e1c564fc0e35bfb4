import type { EndpointRec, EnvelopeRec, MessageRec } from './model.js'

/** The webhook part of an exported simulator state (`webhooks` beside the model's fields). */
export interface HubSnapshot {
  endpoints: EndpointRec[]
  envelopes: EnvelopeRec[]
  messages: MessageRec[]
  seq: number
  reached: [string, number][]
  starts: [string, number[]][]
}

const rec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
const strings = (o: Record<string, unknown>, keys: string[]) => keys.every((k) => typeof o[k] === 'string')

/** Whether a value looks like a `HubSnapshot` (the import's shape check, down to the fields the sender reads). */
export function isHubSnapshot(v: unknown): v is HubSnapshot {
  if (!rec(v)) return false
  const { endpoints, envelopes, messages, seq, reached, starts } = v
  return (
    Array.isArray(endpoints) &&
    endpoints.every(
      (e) =>
        rec(e) &&
        strings(e, ['id', 'tenant', 'url', 'secret']) &&
        Array.isArray(e.eventTypes) &&
        Array.isArray(e.companyTags) &&
        rec(e.faults) &&
        Array.isArray(e.faults.script) &&
        rec(e.headers),
    ) &&
    Array.isArray(envelopes) &&
    envelopes.every(
      (e) => rec(e) && strings(e, ['msgId', 'eventType', 'body']) && typeof e.at === 'number',
    ) &&
    Array.isArray(messages) &&
    messages.every(
      (m) =>
        rec(m) &&
        strings(m, ['id', 'endpointId', 'body', 'status']) &&
        Array.isArray(m.attempts) &&
        (m.nextAt === null || typeof m.nextAt === 'number'),
    ) &&
    typeof seq === 'number' &&
    Array.isArray(reached) &&
    reached.every((r) => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'number') &&
    Array.isArray(starts) &&
    starts.every((r) => Array.isArray(r) && typeof r[0] === 'string' && Array.isArray(r[1]))
  )
}

/**
 * `maxPerSecond` (PUT /_sim/webhooks/{id}): virtual start times of the recent attempts of each endpoint; no more
 * than N starts in any 1000 ms window.
 */
export class RateWindow {
  private starts = new Map<string, number[]>()

  /** null when an attempt of `e` may start at `at` (the start is recorded), else when the window has room again. */
  take(e: EndpointRec, at: number): number | null {
    const n = e.maxPerSecond
    if (n === null) return null
    const recent = (this.starts.get(e.id) ?? []).filter((t) => t > at - 1000 && t <= at)
    if (recent.length >= n) {
      this.starts.set(e.id, recent)
      return (recent[recent.length - n] as number) + 1000
    }
    recent.push(at)
    recent.sort((a, b) => a - b)
    this.starts.set(e.id, recent)
    return null
  }

  clear(): void {
    this.starts.clear()
  }

  entries(): [string, number[]][] {
    return [...this.starts].map(([k, v]) => [k, [...v]])
  }

  load(entries: [string, number[]][]): void {
    this.starts = new Map(entries.map(([k, v]) => [k, [...v]]))
  }
}
