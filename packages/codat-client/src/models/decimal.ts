/**
 * An exact decimal carried as a string, e.g. `'-12.34'` or `'12345678901234567.89'`.
 *
 * Codat's `format: decimal` numbers travel as JSON number tokens. This client never turns them into
 * binary floats: on the way out the string is written into the JSON text as the number token itself,
 * on the way back the number token's source text is kept as the string (`codat-json.ts`, over
 * `@feedsync/exact-json`).
 *
 * @example
 * const line = { id: 'tx-1', date: '2026-11-24', description: 'Coffee', amount: '-3.10', balance: '96.90' }
 */
export type Decimal = string
