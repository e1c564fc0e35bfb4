// The generative API test (issue 14), valid requests: for every operation of the app's own OpenAPI
// document, requests built from its schemas with path parameters pointing at seeded companies, accounts
// and transactions. Never a 5xx; a refusal (a business rule's) is problem+json with a stable code and
// changes nothing (events per stream, Codat calls, feed, transactions, operations).
import { afterAll, describe, it } from 'vitest'
import { checkValid, expectNoFindings } from '../testing/generative.js'
import { createWorld } from '../testing/generative-world.js'

const world = await createWorld()
afterAll(async () => {
  await world.close()
  expectNoFindings() // survey mode (GENERATIVE_SURVEY=1): every class found, at once
})

describe('generative: valid requests of every operation', () => {
  it.each(world.operations.map((op) => ({ op, id: op.id })))(
    '$id',
    async ({ op }) => checkValid(world, op, 8),
    120_000,
  )
})
