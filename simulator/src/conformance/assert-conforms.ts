import { type CodatConformance, loadCodatConformance } from './codat-documents.js'

let loaded: CodatConformance | null | undefined

/** The Codat documents, loaded once; `null` (with the reason printed once) when `../shared/codat` is absent. */
export function sharedConformance(): CodatConformance | null {
  if (loaded !== undefined) return loaded
  const r = loadCodatConformance()
  if ('conformance' in r) loaded = r.conformance
  else {
    console.log(`conformance checks skipped: ${r.missing} is absent`)
    loaded = null
  }
  return loaded
}

/** Whether the OpenAPI documents are present (conformance checks run only then). */
export function conformanceAvailable(): boolean {
  return sharedConformance() !== null
}

/**
 * Throws when a Codat response does not conform to the official documents (the same checker the
 * conformance suite's `ConformingClient` uses): an undeclared 2xx, a body where the document gives none
 * (or none where it gives one), or a body that fails the declared schema. Error statuses an operation does
 * not declare, and 404/405 for paths no document declares, are checked against `ErrorMessage`.
 * `/_sim` (control) calls are not Codat's and are not checked; without the documents nothing is checked.
 */
export function assertConforms(method: string, url: string, status: number, body: unknown): void {
  if (url.startsWith('/_sim')) return
  const c = sharedConformance()
  if (!c) return
  const r = c.validate(method, url, status, body, { undeclaredError: 'error-message' })
  if (r.valid) return
  throw new Error(
    `${method} ${url} (${r.operationId ?? 'no operation'} ${status}) does not match the OpenAPI document (${r.document ?? 'none'}): ${r.errors.slice(0, 5).join('; ')}\nbody: ${JSON.stringify(body)?.slice(0, 600)}`,
  )
}
