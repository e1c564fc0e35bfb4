import { describe, expect, it } from 'vitest'
import { SimClock } from './clock.js'

describe('SimClock', () => {
  it('running: follows the wall clock from the start given, and set() re-anchors it', () => {
    let wall = 1_000_000
    const clock = new SimClock('running', 5_000, () => wall)
    expect(clock.now()).toBe(5_000)
    wall += 250
    expect(clock.now()).toBe(5_250)
    clock.set(100_000)
    wall += 10
    expect(clock.now()).toBe(100_010)
  })

  it('frozen: moves only when set', () => {
    let wall = 0
    const clock = new SimClock('frozen', 5_000, () => wall)
    wall += 1_000
    expect(clock.now()).toBe(5_000)
    clock.set(6_000)
    expect(clock.now()).toBe(6_000)
  })
})
