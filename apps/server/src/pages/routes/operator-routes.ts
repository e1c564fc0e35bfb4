import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { type PagesKit, pageContext, sendPage, tenantOf } from '../context.js'
import { NOT_FOUND } from '../page-errors.js'
import { errorPage } from '../views/auth-views.js'
import { companyListPage } from '../views/company-list.js'
import { operationsPage } from '../views/operations-page.js'

/** Path parameters every company page takes (length-limited: a longer id is a 404 page). */
export const CompanyParams = Type.Object({ companyId: Type.String({ minLength: 1, maxLength: 100 }) })

/** The operator's views: the company list and a company's push operations. */
export const operatorRoutes: FastifyPluginAsyncTypebox<{ kit: PagesKit }> = async (app, { kit }) => {
  app.get(
    '/',
    {
      config: { access: 'operator', portalHome: true },
      schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }) },
    },
    async (request, reply) => {
      const search = (request.query.q ?? '').trim().slice(0, 100)
      const companies = await kit.ports.listCompanies(tenantOf(request), search)
      return sendPage(reply, 200, companyListPage(pageContext(request, reply, kit), { companies, search }))
    },
  )

  app.get(
    '/companies/:companyId/operations',
    { config: { access: 'operator' }, schema: { hide: true, params: CompanyParams } },
    async (request, reply) => {
      const tenant = tenantOf(request)
      const { companyId } = request.params
      const [company, operations] = await Promise.all([
        kit.ports.getCompany(tenant, companyId),
        kit.ports.listOperations(tenant, companyId),
      ])
      const ctx = pageContext(request, reply, kit)
      if (company === undefined || operations === undefined)
        return sendPage(reply, 404, errorPage(ctx, NOT_FOUND))
      return sendPage(reply, 200, operationsPage(ctx, company, operations))
    },
  )
}
