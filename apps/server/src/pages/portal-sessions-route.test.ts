import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ServiceError } from '../errors.js'
import { portalSessionRoutes } from '../routes/portal-sessions.js'
import { fakePorts } from './fake-ports.js'
import { pagesPlugin } from './plugin.js'
import { createPortalTokens } from './portal-tokens.js'
import { BAKERY, OTHER, sampleData, TENANT_A } from './sample-data.js'
import { Agent } from './test-agent.js'

/** The route as the lead wires it: inside a scope that set `request.tenant`, beside the pages. */
async function build() {
  const now = () => Date.parse('2026-11-25T09:00:00.000Z')
  const tokens = createPortalTokens({ secret: 'y'.repeat(32), now })
  const data = sampleData()
  const ports = fakePorts(data, { now })
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(TypeBoxValidatorCompiler)
  app.decorateRequest('tenant', '')
  app.setErrorHandler(async (error, _request, reply) => {
    const status = error instanceof ServiceError && error.code === 'not_found' ? 404 : 500
    return reply
      .status(status)
      .send({ type: 'about:blank', title: 't', status, detail: String(error), code: 'c' })
  })
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => {
      request.tenant = TENANT_A
    })
    await v1.register(portalSessionRoutes, {
      port: { companyExists: async (tenant, id) => (await ports.getCompany(tenant, id)) !== undefined },
      tokens,
      publicUrl: 'https://feeds.bank.example/',
    })
  })
  await app.register(pagesPlugin, { ports, tokens, sessionKey: Buffer.alloc(32, 1), now })
  await app.ready()
  return app
}

let app: Awaited<ReturnType<typeof build>>
beforeEach(async () => {
  app = await build()
})
afterEach(async () => {
  await app.close()
})

describe('POST /v1/companies/{companyId}/portal-sessions', () => {
  it('answers a single-use link that opens the company page, valid 15 minutes, never cached', async () => {
    const res = await app.inject({ method: 'POST', url: `/v1/companies/${BAKERY}/portal-sessions` })
    expect(res.statusCode).toBe(201)
    expect(res.headers['cache-control']).toBe('no-store')
    const { url, expiresAt } = res.json()
    expect(url).toMatch(/^https:\/\/feeds\.bank\.example\/app\/portal\/[\w-]+\.[\w-]+$/)
    expect(expiresAt).toBe('2026-11-25T09:15:00.000Z')
    const path = new URL(url).pathname
    const a = new Agent(app)
    expect((await a.get(path)).statusCode).toBe(200)
    expect((await a.post(path)).headers.location).toBe(`/app/companies/${BAKERY}`)
    expect((await a.get(`/app/companies/${BAKERY}`)).body).toContain('Northwind Bakery LLC')
  })

  it("answers 404 for another tenant's company and an unknown one", async () => {
    for (const id of [OTHER, 'nope']) {
      const res = await app.inject({ method: 'POST', url: `/v1/companies/${id}/portal-sessions` })
      expect(res.statusCode, res.body).toBe(404)
    }
  })
})
