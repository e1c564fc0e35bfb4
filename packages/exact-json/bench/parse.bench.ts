/**
 * Ours against `lossless-json` on the 1000-transaction ingest body, parsed to the same result
 * (money as exact source text, other numbers as numbers, the API's forbidden keys and depth limit),
 * measured in the same run; also the request writer on the same transactions. Prints ms per body,
 * bodies/s and the ratio (lossless-json's speed / ours). Run: `pnpm --filter @feedsync/exact-json bench`.
 */
import { deepStrictEqual, strictEqual, throws } from 'node:assert'
import os from 'node:os'
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json'
import { exactJsonParser, exactJsonWriter, toJsonNumberToken } from '../src/index.js'
import { ingestBody, REQUEST_BODY_OPTIONS } from './ingest-body.js'

const { decimalKeys, forbiddenKeys, maxDepth } = REQUEST_BODY_OPTIONS

/** lossless-json configured to our contract: the documented reviver, plus the API's key and depth checks. */
function losslessParse(text: string): unknown {
  const value = parse(
    text,
    (key, item) => {
      if (forbiddenKeys.has(key)) throw new SyntaxError(`property name "${key}" is not allowed`)
      if (!isLosslessNumber(item)) return item
      return decimalKeys.has(key) ? item.value : Number(item.value)
    },
    // JSON.parse (and ours) keep the last of duplicate keys; lossless-json throws by default.
    { onDuplicateKey: ({ newValue }) => newValue },
  )
  if (!within(value, 0)) throw new SyntaxError(`nesting deeper than ${maxDepth}`)
  return value
}

function within(value: unknown, depth: number): boolean {
  if (depth > maxDepth) return false
  if (typeof value !== 'object' || value === null) return true
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    if (!within(child, depth + 1)) return false
  }
  return true
}

/**
 * lossless-json's writer to our contract: a decimal string is validated (our `toJsonNumberToken`) and
 * becomes a LosslessNumber, written as its number token; whatever ours refuses or writes differently
 * (a number or a bad decimal under a decimal key, a non-finite number, a bigint, a function, a symbol)
 * goes to our hand writer, which says what is wrong, as our own fast path does.
 */
function losslessStringify(value: unknown): string {
  let fallBack = false
  const text = stringify(value, function (this: unknown, key, item) {
    if (fallBack) return undefined
    if (!Array.isArray(this) && decimalKeys.has(key) && item !== null && item !== undefined) {
      if (typeof item !== 'string') fallBack = true
      else {
        try {
          return new LosslessNumber(toJsonNumberToken(item, key))
        } catch {
          fallBack = true
        }
      }
      return undefined
    }
    const type = typeof item
    if (type === 'bigint' || type === 'symbol' || (type === 'number' && !Number.isFinite(item))) {
      fallBack = true
      return undefined
    }
    return item
  })
  return fallBack || text === undefined ? writer.stringifyByHand(value) : text
}

/** lossless-json's writer alone, no checks (what lossless-json costs at the least; not our contract). */
function losslessStringifyBare(value: unknown): string | undefined {
  return stringify(value, (key, item) =>
    decimalKeys.has(key) && typeof item === 'string' ? new LosslessNumber(item) : item,
  )
}

/** ms per call of `f(input)` over `calls` calls. */
function time<T>(f: (input: T) => unknown, input: T, calls: number): number {
  const start = process.hrtime.bigint()
  for (let i = 0; i < calls; i++) f(input)
  return Number(process.hrtime.bigint() - start) / 1e6 / calls
}

const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

/**
 * Times the candidates interleaved, round by round (ours, theirs, ...: a busy machine slows all of them
 * alike within a round), after a warm-up. Answers each one's median ms per body and the median over
 * rounds of ours' time / lossless-json's time (lossless-json's speed relative to ours).
 */
function compare<T>(cases: Record<string, (input: T) => unknown>, input: T, rounds = 25, calls = 10) {
  const names = Object.keys(cases)
  for (const f of Object.values(cases)) time(f, input, 50)
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  const ratios: number[] = []
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.()
    const round: Record<string, number> = {}
    for (const name of names) {
      const f = cases[name]
      if (f !== undefined) round[name] = time(f, input, calls)
      times[name]?.push(round[name] ?? Number.NaN)
    }
    ratios.push((round.ours ?? Number.NaN) / (round['lossless-json'] ?? Number.NaN))
  }
  return {
    ms: Object.fromEntries(names.map((n) => [n, median(times[n] ?? [])])),
    ratio: median(ratios),
  }
}

const text = ingestBody(1000)
const ours = exactJsonParser(REQUEST_BODY_OPTIONS)
const writer = exactJsonWriter({ decimalKeys })

const expected = ours.parse(text)
deepStrictEqual(losslessParse(text), expected)
const first = (expected as { transactions: Record<string, unknown>[] }).transactions[0]
strictEqual(typeof first?.amount, 'string')
strictEqual(writer.stringify(expected), text)
strictEqual(losslessStringify(expected), text)
strictEqual(losslessStringifyBare(expected), text)
// Both sides refuse alike: the API's forbidden keys and depth limit; what the writer cannot send exactly.
for (const bad of ['{"__proto__":1}', '{"a":{"constructor":1}}', `${'['.repeat(66)}${']'.repeat(66)}`]) {
  throws(() => ours.parse(bad), SyntaxError)
  throws(() => losslessParse(bad), SyntaxError)
}
for (const bad of [{ amount: 1.5 }, { amount: '1e5' }, { n: 10n }, { n: Number.NaN }]) {
  throws(() => writer.stringify(bad), TypeError)
  throws(() => losslessStringify(bad), TypeError)
}

const parsing = compare(
  {
    ours: ours.parse,
    'lossless-json': losslessParse,
    'ours, hand parser only': ours.parseByHand,
    'JSON.parse (floor, loses exactness)': JSON.parse,
  },
  text,
)
const writing = compare(
  {
    ours: writer.stringify,
    'lossless-json': losslessStringify,
    'lossless-json, bare (no checks)': losslessStringifyBare,
  },
  expected,
)

const row = (name: string, ms: number) =>
  `  ${name.padEnd(38)} ${ms.toFixed(3).padStart(8)} ms/body ${Math.round(1000 / ms)
    .toString()
    .padStart(7)} bodies/s`
console.log(
  `exact-json vs lossless-json: ingest body of 1000 transactions (${(text.length / 1024).toFixed(0)} KiB)`,
)
console.log(
  `  node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
console.log('parse (same result: money as exact text, API keys and limits)')
for (const [name, ms] of Object.entries(parsing.ms)) console.log(row(name, ms))
console.log(`  ratio lossless-json / ours (speed, median over rounds): ${parsing.ratio.toFixed(2)}x`)
console.log('stringify (same text, same refusals)')
for (const [name, ms] of Object.entries(writing.ms)) console.log(row(name, ms))
console.log(`  ratio lossless-json / ours (speed, median over rounds): ${writing.ratio.toFixed(2)}x`)
for (const [what, r] of [
  ['parse', parsing.ratio],
  ['stringify', writing.ratio],
] as const) {
  console.log(
    `  ${what}: ${r >= 0.9 ? 'lossless-json is at least 0.9x as fast: adopt' : 'below 0.9x: keep ours'}`,
  )
}
