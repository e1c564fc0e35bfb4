import type { Connection } from './connection.js'

/** `#/components/schemas/Company/definitions/companyReference`. */
export interface CompanyReference {
  id?: string
  name?: string
  links?: { portal?: string }
  tags?: Record<string, string>
}

/**
 * A Codat company (`#/components/schemas/Company`).
 *
 * @example
 * { id: '…', name: 'Bank of Dave', redirect: 'https://link.codat.io/company/…', dataConnections: [] }
 */
export interface Company {
  id: string
  name: string
  description?: string | null
  redirect: string
  lastSync?: string | null
  created?: string
  createdByUserName?: string | null
  products?: string[]
  tags?: Record<string, string>
  referenceParentCompany?: CompanyReference | null
  referenceSubsidiaryCompanies?: CompanyReference[]
  dataConnections?: Connection[]
}

/**
 * Body of create-company (`#/components/schemas/CompanyRequestBody`). Codat strips characters outside
 * `[A-Za-z0-9\s\-',&@.,?!]` from `name` rather than rejecting them.
 */
export interface CompanyRequestBody {
  name: string
  description?: string
  /** At most 10 keys, key 1–27 characters, value at most 100 characters. */
  tags?: Record<string, string>
}
