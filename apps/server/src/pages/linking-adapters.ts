import type { Linking } from '../companies/linking.js'
import type { LinkingPorts } from './linking-ports.js'
import { PageError } from './ports.js'

/** The services the Xero and Sage hand-offs use. */
export type PagesLinking = Pick<Linking, 'link' | 'mappings' | 'map' | 'organisationName'>

type Guarded = <T>(run: () => Promise<T>) => Promise<T | undefined>

/**
 * {@link LinkingPorts} over `Linking` (the same service `/v1/…/link` and `/mapping` use). `guarded`
 * is the adapters' one translation of service refusals into `PageError`s (not found → `undefined`).
 */
export function linkingAdapters(linking: PagesLinking, guarded: Guarded): LinkingPorts {
  return {
    async xeroLink(tenant, companyId) {
      const handOff = await guarded(() => linking.link(tenant, companyId))
      if (handOff === undefined) return undefined
      if (handOff.platform !== 'xero') throw new PageError('invalid', 'This business does not use Xero.')
      return handOff.linkUrl
    },
    async sageHandOff(tenant, companyId) {
      const handOff = await guarded(() => linking.link(tenant, companyId))
      if (handOff === undefined) return undefined
      if (handOff.platform !== 'sage') throw new PageError('invalid', 'This business does not use Sage.')
      return { connectionId: handOff.connectionId, otp: handOff.otp, expiry: handOff.expiry }
    },
    async xeroMappings(tenant, companyId) {
      const all = await guarded(() => linking.mappings(tenant, companyId))
      return all?.map((m) => ({
        accountId: m.accountId,
        status: m.status,
        targetAccountId: m.targetAccountId,
        targetAccountName: m.targetAccountName,
        feedStartDate: m.feedStartDate,
        options: m.targetAccountOptions.map((o) => ({ id: o.id, name: o.name })),
      }))
    },
    async ledgerName(tenant, companyId) {
      // Only a label on the page: when Codat cannot say (not linked yet, an outage) the page goes without.
      try {
        return (await guarded(() => linking.organisationName(tenant, companyId))) ?? null
      } catch {
        return null
      }
    },
    async mapXeroAccount(tenant, companyId, accountId, input) {
      const done = await guarded(() =>
        linking.map(tenant, companyId, accountId, {
          ...(input.targetAccountId === null ? {} : { targetAccountId: input.targetAccountId }),
          ...(input.feedStartDate === null ? {} : { feedStartDate: input.feedStartDate }),
        }),
      )
      return done !== undefined
    },
  }
}
