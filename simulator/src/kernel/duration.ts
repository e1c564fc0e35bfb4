/** ISO-8601 durations (`P1D`, `PT2H`, `P1DT30M`, `PT0.5S`, `P2W`) to milliseconds; no months or years. */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/**
 * Milliseconds of an ISO-8601 duration, or undefined.
 *
 * @example parseDuration('P1DT30M') // 88_200_000
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text)
  if (!m || text === 'P' || text.endsWith('T')) return undefined
  const [, w, d, h, mi, s] = m
  return (
    Number(w ?? 0) * 604_800_000 +
    Number(d ?? 0) * 86_400_000 +
    Number(h ?? 0) * 3_600_000 +
    Number(mi ?? 0) * 60_000 +
    Math.round(Number(s ?? 0) * 1000)
  )
}
