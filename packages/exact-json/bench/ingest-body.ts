/**
 * The body the server's `POST .../ingest` receives from a bank's backend: 1000 cleared transactions
 * with `id`, `date`, `description`, `amount` and the running `balance` as JSON numbers with decimals,
 * `type` and `status` (the transactions as `test/bench/engine.bench.ts` builds them, plus a balance).
 */

/** The API's money keys and limits, as `apps/server/src/http/exact-json.ts` configures its parser. */
export const REQUEST_BODY_OPTIONS = {
  decimalKeys: new Set(['amount', 'balance', 'openingBalance', 'availableBalance']),
  forbiddenKeys: new Set(['__proto__', 'constructor']),
  maxDepth: 64,
} as const

const cents = (units: bigint): string => {
  const abs = units < 0n ? -units : units
  return `${units < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/**
 * The JSON text of one ingest request of `count` transactions, amounts and balances as number tokens.
 *
 * @example
 * ingestBody(1).slice(0, 40) // => '{"transactions":[{"id":"tx-0","date":"20'
 */
export function ingestBody(count = 1000): string {
  let balance = 100_000_00n
  const lines: string[] = []
  for (let n = 0; n < count; n++) {
    const minor = BigInt(((n * 7919) % 90_000) + 1) * (n % 3 === 0 ? -1n : 1n)
    balance += minor
    const day = String(1 + Math.floor((n * 28) / count)).padStart(2, '0')
    const time = `${String(8 + (n % 12)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00`
    lines.push(
      `{"id":"tx-${n}","date":"2026-11-${day}T${time}","description":"Card payment ${n} at Coffee & Co",` +
        `"amount":${cents(minor)},"balance":${cents(balance)},"type":"${minor < 0n ? 'Debit' : 'Credit'}",` +
        `"status":"cleared"}`,
    )
  }
  return `{"transactions":[${lines.join(',')}]}`
}
