import type { Platform } from '../../codat/context.js'
import { durationMs } from '../../options.js'
import { checkXeroRules } from './check-rules.js'
import { xeroPushSettled } from './delivery.js'
import { xeroDueEffects } from './effects.js'
import { stopFeed } from './feeds.js'
import { xeroCompanyInfo, xeroDataBankAccounts } from './info.js'
import { createXeroMapping, listXeroMapping } from './mapping.js'
import { xeroBankTransactionsModel } from './push-model.js'
import { XERO_KEY } from './world.js'

/**
 * Xero (Codat integration `gbol`, an accounting integration) behind Codat: OAuth consent at the `linkUrl`
 * (`consent.ts`), account mapping through Codat's API or its UI (`mapping.ts`, `feeds.ts`), rules X16-X29
 * (`check-rules.ts`), immediate delivery as statements with Xero's duplicate handling (`delivery.ts`),
 * company information and the cached bank-account read (`info.ts`), disconnects (`actions.ts`,
 * `effects.ts`). PLATFORMS.md §2; control routes and settings §6.
 */
export const XERO: Platform = {
  key: XERO_KEY,
  name: 'Xero',
  integrationId: '3ac7c7a2-5bd6-4b8e-9c2f-6a1f0b3d9e21',
  sourceId: '7f1e4b6a-2c9d-4e3f-8a5b-0d6c1e2f3a4b',
  sourceType: 'Accounting',
  checkRules: checkXeroRules,
  dueEffects: xeroDueEffects,
  bankTransactionsModel: xeroBankTransactionsModel,
  linkUrl: (ctx, c) =>
    `${ctx.opts.linkBaseUrl}/_sim/link/companies/${c.companyId}/connections/${c.id}/start?otp=${c.otp}`,
  listMapping: listXeroMapping,
  createMapping: createXeroMapping,
  companyInfo: xeroCompanyInfo,
  dataBankAccounts: xeroDataBankAccounts,
  pushLatencyMs: (ctx) => durationMs(ctx.opts.xeroLatency),
  requiredLineFields: ['id', 'date', 'description', 'amount', 'balance', 'transactionType'],
  requiredLineFieldsRule: 'X24',
  pushSettled: xeroPushSettled,
  accountDisconnected: stopFeed,
  accountDeleted: stopFeed,
}
