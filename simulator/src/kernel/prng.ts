/**
 * Seeded PRNG (sfc32, seeded through splitmix32). Its whole state is four uint32 numbers kept in the
 * simulator state, so exporting the state and importing it later continues the same sequence.
 */
export type PrngState = [number, number, number, number]

/** The PRNG state for a seed (splitmix32). */
export function seedPrng(seed: number): PrngState {
  let s = seed >>> 0
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  return [next(), next(), next(), next()]
}

/** Draws from the PRNG state kept in the simulator state (`state.rng`), advancing it. */
export class Prng {
  constructor(private readonly state: { rng: PrngState }) {}

  u32(): number {
    const st = this.state.rng
    let [a, b, c, d] = st
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    st[0] = a >>> 0
    st[1] = b >>> 0
    st[2] = c
    st[3] = d
    return t
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296
  }

  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  hex(length: number): string {
    let out = ''
    while (out.length < length) out += this.u32().toString(16).padStart(8, '0')
    return out.slice(0, length)
  }

  /** RFC 4122 version-4 shaped UUID drawn from the seeded sequence. */
  uuid(): string {
    const h = this.hex(32).split('')
    h[12] = '4'
    h[16] = '89ab'[Number.parseInt(h[16] ?? '0', 16) & 3] ?? '8'
    const s = h.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }

  fromAlphabet(alphabet: string, length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)]
    return out
  }

  digits(length: number): string {
    return this.fromAlphabet('0123456789', length)
  }
}
