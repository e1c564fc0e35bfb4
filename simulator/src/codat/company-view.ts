import { isoInstant } from '../kernel/dates.js'
import { freshOtp, renderConnection } from './connection-view.js'
import type { Ctx } from './context.js'
import type { CompanyRec } from './state.js'

/** Codat's `Company`, with its data connections (each linkUrl otp refreshed when expired). */
export function renderCompany(ctx: Ctx, c: CompanyRec) {
  return {
    id: c.id,
    name: c.name,
    // Absent rather than null: @codat/platform's Company schema takes a string or no field.
    ...(c.description === null ? {} : { description: c.description }),
    platform: '',
    redirect: `https://link.codat.io/company/${c.id}`,
    created: isoInstant(c.created),
    createdByUserName: null,
    products: [],
    tags: { ...c.tags },
    referenceSubsidiaryCompanies: [],
    dataConnections: Object.values(c.connections).map((conn) => {
      freshOtp(ctx, conn)
      return renderConnection(ctx, conn)
    }),
  }
}
