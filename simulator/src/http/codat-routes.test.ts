import { describe, expect, it } from 'vitest'
import { CODAT_ROUTES, OPERATION_IDS } from './codat-routes.js'
import { matchRoute } from './request.js'

describe('the route table', () => {
  it('has exactly one route per operationId', () => {
    expect(CODAT_ROUTES.map((r) => r.value.operationId).sort()).toEqual([...OPERATION_IDS].sort())
  })

  it('covers every path and method of the current OpenAPI document', async () => {
    const { readFileSync, existsSync } = await import('node:fs')
    const file = new URL('../../../../shared/codat/Codat-Bank-Feeds.json', import.meta.url)
    if (!existsSync(file)) {
      console.log('skipped: ../shared/codat/Codat-Bank-Feeds.json is absent')
      return
    }
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string }>>
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
        const concrete = path.replace(/\{[^}]+\}/g, 'x')
        const m = matchRoute(CODAT_ROUTES, method.toUpperCase(), concrete)
        expect(m.kind === 'found' ? m.value.operationId : undefined, `${method} ${path}`).toBe(op.operationId)
      }
    }
  })
})
