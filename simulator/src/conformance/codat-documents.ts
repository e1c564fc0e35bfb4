import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ConformanceResult, OpenApiValidator, type ValidateOptions } from './openapi-validator.js'

/** `<repo>/../shared/codat`, where the official Codat OpenAPI documents live beside the repository. */
export const CODAT_DOCUMENTS_DIR = fileURLToPath(new URL('../../../../shared/codat/', import.meta.url))
/** File name of Codat's current Bank Feeds document. */
export const CURRENT_DOCUMENT = 'Codat-Bank-Feeds.json'
/** File name of the 2023-08 document (proxy, PUT bankFeedAccounts, list bankTransactions). */
export const LEGACY_DOCUMENT = 'Codat-Bank-Feeds-2023-08.json'
const ERROR_MESSAGE = '#/components/schemas/ErrorMessage'

/**
 * Codat's two Bank Feeds documents as one checker: a request is judged by the current document when it
 * declares the operation, otherwise by the 2023-08 document (proxy, PUT bankFeedAccounts, list
 * bankTransactions).
 */
export class CodatConformance {
  constructor(
    readonly current: OpenApiValidator,
    readonly legacy: OpenApiValidator,
  ) {}

  /** The validator that owns a request, or undefined when neither document declares it. */
  documentFor(method: string, path: string): OpenApiValidator | undefined {
    if (this.current.findOperation(method, path)) return this.current
    if (this.legacy.findOperation(method, path)) return this.legacy
    return undefined
  }

  validate(
    method: string,
    path: string,
    status: number,
    body: unknown,
    options?: ValidateOptions,
  ): ConformanceResult {
    const doc = this.documentFor(method, path)
    if (!doc) {
      // 404 for an unknown path, 405 for a known path with another method: not operations of either
      // document, but Codat answers them with its error body.
      if (status >= 400 && options?.undeclaredError === 'error-message') {
        const errors =
          body === undefined ? ['error body expected, got none'] : this.current.check(ERROR_MESSAGE, body)
        return {
          valid: errors.length === 0,
          document: this.current.name,
          responseKey: 'ErrorMessage',
          errors,
        }
      }
      return { valid: false, errors: [`${method.toUpperCase()} ${path}: in neither Codat document`] }
    }
    return doc.validate(method, path, status, body, options)
  }
}

/** Loads both documents from `dir`; `{ missing }` names what is absent (callers skip with that reason). */
export function loadCodatConformance(
  dir: string = CODAT_DOCUMENTS_DIR,
): { conformance: CodatConformance } | { missing: string } {
  const current = join(dir, CURRENT_DOCUMENT)
  const legacy = join(dir, LEGACY_DOCUMENT)
  for (const f of [current, legacy]) if (!existsSync(f)) return { missing: f }
  return {
    conformance: new CodatConformance(
      OpenApiValidator.fromFile(current, 'current'),
      OpenApiValidator.fromFile(legacy, '2023-08'),
    ),
  }
}
