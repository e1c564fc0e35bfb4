import type { Platform } from '../../codat/context.js'
import { checkRules } from './check-rules.js'
import { issueCredentials } from './credentials.js'
import { qboBankTransactionsModel } from './push-model.js'
import { qboDueEffects } from './time-effects.js'

/**
 * QuickBooks Online Bank Feeds (Codat integration `hcws`) behind Codat: its rules Q1-Q12, credentials,
 * daily pulls and feed switch. The link flow, Update and the ledger view are control actions
 * (`link.ts`, `pull.ts`, `feed-switch.ts`, `ledger-view.ts`).
 */
export const QBO: Platform = {
  key: 'hcws',
  name: 'QuickBooks Online Bank Feeds',
  integrationId: '8aa1c2c1-7a4d-4e0b-9a4f-2f2d2a6b6c01',
  sourceId: '6d5b0f3e-5c4b-4b0a-8f0e-3a1b2c3d4e5f',
  sourceType: 'BankFeed',
  mappingRefusal:
    'Account mapping for QuickBooks Online Bank Feeds is done by the user inside QuickBooks Online, not through the API.',
  checkRules,
  issueCredentials,
  dueEffects: qboDueEffects,
  unlinksWhenAllDisconnected: true,
  accountDisconnected: (_ctx, _conn, a) => {
    if (a.qbo) {
      a.qbo.enabled = false
      a.qbo.disconnectAt = null
    }
  },
  targetAccountName: (a) => a.qbo?.qboAccountName ?? '',
  bankTransactionsModel: qboBankTransactionsModel,
}
