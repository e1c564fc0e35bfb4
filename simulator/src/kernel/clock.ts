/** The simulated clock: `frozen` moves only when told; `running` follows the wall clock plus an offset. */
export class SimClock {
  private anchorSim: number
  private anchorWall: number

  constructor(
    readonly mode: 'running' | 'frozen',
    start: number,
    private readonly wall: () => number = Date.now,
  ) {
    this.anchorSim = start
    this.anchorWall = wall()
  }

  now(): number {
    if (this.mode === 'frozen') return this.anchorSim
    return this.anchorSim + (this.wall() - this.anchorWall)
  }

  set(ms: number): void {
    this.anchorSim = ms
    this.anchorWall = this.wall()
  }
}
