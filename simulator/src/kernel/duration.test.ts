import { describe, expect, it } from 'vitest'
import { parseDuration } from './duration.js'

describe('parseDuration', () => {
  it('reads ISO-8601 weeks, days, hours, minutes and seconds', () => {
    expect(parseDuration('P1D')).toBe(86_400_000)
    expect(parseDuration('PT2H')).toBe(7_200_000)
    expect(parseDuration('P1DT30M')).toBe(86_400_000 + 1_800_000)
    expect(parseDuration('PT0.5S')).toBe(500)
    expect(parseDuration('P2W')).toBe(14 * 86_400_000)
    for (const bad of ['P', 'PT', '1D', 'P1M2', 'P1Y']) expect(parseDuration(bad)).toBeUndefined()
  })
})
