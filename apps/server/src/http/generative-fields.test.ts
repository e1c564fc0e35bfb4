// The generative API test (issue 14), field by field: for every operation of the app's own OpenAPI
// document, a valid request with one slot (path, query, header or a value in the body) given a hostile
// value: dropped, of the wrong type, out of range, not an integer, 1e60 or 20 digits, NUL and C0
// controls, lone surrogates, `.`/`..`, `/`, `%2F`, around the length limits, bad dates and offsets,
// unknown enum values, extra and prototype keys. Never a 5xx; what must be refused is; a refusal is
// problem+json with a stable code and changes nothing.
import { afterAll, describe, it } from 'vitest'
import { checkMutated, expectNoFindings } from '../testing/generative.js'
import { createWorld } from '../testing/generative-world.js'

const world = await createWorld()
afterAll(async () => {
  await world.close()
  expectNoFindings() // survey mode (GENERATIVE_SURVEY=1): every class found, at once
})

describe('generative: one field mutated, every operation', () => {
  it.each(world.operations.map((op) => ({ op, id: op.id })))(
    '$id',
    async ({ op }) => checkMutated(world, op, 1),
    120_000,
  )
})
