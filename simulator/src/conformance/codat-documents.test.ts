import { describe, expect, it } from 'vitest'
import { loadCodatConformance } from './codat-documents.js'

const loaded = loadCodatConformance()
if (!('conformance' in loaded)) console.log(`document routing tests skipped: ${loaded.missing} is absent`)

describe('Codat documents', () => {
  it('names the missing file when the documents are absent (callers skip with that reason)', () => {
    expect(loadCodatConformance('/nonexistent/codat')).toEqual({
      missing: '/nonexistent/codat/Codat-Bank-Feeds.json',
    })
  })

  it.skipIf(!('conformance' in loaded))(
    'judges the current operations by the current document and the 2023 surface by the 2023-08 one',
    () => {
      if (!('conformance' in loaded)) return
      const c = loaded.conformance
      const base = '/companies/c/connections/k'
      expect(c.documentFor('GET', '/companies/c')?.name).toBe('current')
      expect(c.documentFor('POST', `${base}/connectionInfo/bankFeedAccounts`)?.name).toBe('current')
      expect(c.documentFor('PUT', `${base}/connectionInfo/bankFeedAccounts`)?.name).toBe('2023-08')
      expect(c.documentFor('GET', `${base}/data/proxy?endpoint=x`)?.name).toBe('2023-08')
      expect(c.documentFor('GET', `${base}/data/bankAccounts/a/bankTransactions`)?.name).toBe('2023-08')
      expect(c.documentFor('DELETE', '/companies')).toBeUndefined()
      expect(c.validate('DELETE', '/companies', 405, {}).valid).toBe(false)
      expect(
        c.validate('DELETE', '/companies', 405, { statusCode: 'x' }, { undeclaredError: 'error-message' })
          .valid,
      ).toBe(false)
    },
  )
})
