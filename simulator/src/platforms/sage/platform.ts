import type { Platform } from '../../codat/context.js'
import { checkSageRules } from './check-rules.js'
import { sagePushCreated } from './in-flight.js'
import { sageAccountDeleted, sageAccountDisconnected } from './lifecycle.js'
import { generateSageOtp } from './otp.js'
import { sageBankTransactionsModel } from './push-model.js'
import { sageDueEffects } from './refresh.js'
import { durationMs, SAGE_KEY } from './world.js'

/**
 * Sage Bank Feeds (Codat integration `olpr`, PLATFORMS.md §3) behind Codat: linked from inside Sage with the
 * connection id and a one-time password (`otp.ts`, `connect.ts`), mapping only in Sage (S10), writes through
 * Sage's Banking Service (Pending for `sageLatency`, one statement in flight per account), the rules
 * S12-S24 (`rules.ts`, `check-rules.ts`), Sage's daily or manual refresh (`refresh.ts`) and disconnects
 * (`lifecycle.ts`). The Sage side is a set of businesses with bank accounts (`businesses.ts`).
 */
export const SAGE: Platform = {
  key: SAGE_KEY,
  name: 'SageBankFeed',
  integrationId: '3f7b2a90-4c1e-4d8a-9b6f-0e5d7c2a1b43',
  sourceId: 'b1c4e2d7-8a3f-4e69-a05b-7d2c9e1f6a38',
  sourceType: 'BankFeed',
  mappingRefusal:
    'Account mapping for Sage Bank Feeds is done by the user inside Sage (Banking, Connect Bank), not through the API.',
  checkRules: checkSageRules,
  dueEffects: sageDueEffects,
  bankTransactionsModel: sageBankTransactionsModel,
  generateOtp: generateSageOtp,
  pushLatencyMs: (ctx) => durationMs(ctx.opts.sageLatency),
  requiredLineFields: ['id', 'date', 'description', 'amount', 'balance', 'transactionType'],
  requiredLineFieldsRule: 'S19',
  pushCreated: sagePushCreated,
  accountDisconnected: sageAccountDisconnected,
  accountDeleted: sageAccountDeleted,
  targetAccountName: () => '',
  unlinksWhenAllDisconnected: false,
}
