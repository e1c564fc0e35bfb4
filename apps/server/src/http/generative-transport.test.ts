// The generative API test (issue 14), whole requests: for every operation of the app's own OpenAPI
// document, a valid request sent with a wrong content type or a malformed body, bad URL encoding or an
// over-long id in its path, an odd path shape, bad or another tenant's authorization, another method.
// Never a 5xx; what must be refused is; a refusal is problem+json with a stable code and changes nothing.
import { afterAll, describe, it } from 'vitest'
import { checkTransport, expectNoFindings } from '../testing/generative.js'
import { createWorld } from '../testing/generative-world.js'

const world = await createWorld()
afterAll(async () => {
  await world.close()
  expectNoFindings() // survey mode (GENERATIVE_SURVEY=1): every class found, at once
})

describe('generative: whole-request mutations, every operation', () => {
  it.each(world.operations.map((op) => ({ op, id: op.id })))(
    '$id',
    async ({ op }) => checkTransport(world, op, 0.4),
    120_000,
  )
})
