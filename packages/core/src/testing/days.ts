/** Days around a fixed base so that windows, stale and future dates all occur. */
export const BASE_DAY = '2026-11-20'

/** The day `offset` days after `BASE_DAY` (before it when negative). */
export function dayOffset(offset: number): string {
  const d = new Date(`${BASE_DAY}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}
