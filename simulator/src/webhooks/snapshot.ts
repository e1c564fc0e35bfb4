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

/** Whether a value looks like a `HubSnapshot` (the import's shape check; deeper fields are trusted). */
export function isHubSnapshot(v: unknown): v is HubSnapshot {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return (
    Array.isArray(o.endpoints) &&
    Array.isArray(o.envelopes) &&
    Array.isArray(o.messages) &&
    typeof o.seq === 'number' &&
    Array.isArray(o.reached) &&
    Array.isArray(o.starts)
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
