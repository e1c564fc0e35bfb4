import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { createBusiness, renderBusiness, viewBusiness } from './businesses.js'
import { cancelConnect, confirmAccount, connectBank, selectAccount } from './connect.js'
import { disconnectFeed, expireAuth } from './lifecycle.js'
import { manualRefresh } from './refresh.js'
import { objectBody } from './resolve.js'
import { findBusiness, sageWorld, str } from './world.js'

/** The Sage part of the `/_sim` control surface (PLATFORMS.md §6), as methods usable without HTTP. */
export interface SageControl {
  createBusiness(body: unknown): SimResponse
  /** Every business (its ledger view), oldest first. */
  listBusinesses(): SimResponse
  business(id: string): SimResponse
  connectBank(body: unknown): SimResponse
  select(body: unknown): SimResponse
  confirm(body: unknown): SimResponse
  cancel(body: unknown): SimResponse
  disconnect(body: unknown): SimResponse
  expireAuth(body: unknown): SimResponse
  refresh(body: unknown): SimResponse
}

/**
 * The Sage control actions over one model; `run` catches the model up and answers a thrown `CodatError`
 * (the control surface's `ticked`).
 */
export function sageControl(ctx: Ctx, run: (f: () => SimResponse) => SimResponse): SageControl {
  return {
    createBusiness: (body) => run(() => createBusiness(ctx, body)),
    listBusinesses: () =>
      run(() =>
        ok(
          200,
          Object.values(sageWorld(ctx.state).businesses).map((b) => renderBusiness(ctx, b)),
        ),
      ),
    business: (id) => run(() => viewBusiness(ctx, id)),
    connectBank: (body) => run(() => connectBank(ctx, body)),
    select: (body) => run(() => selectAccount(ctx, body)),
    confirm: (body) => run(() => confirmAccount(ctx, body)),
    cancel: (body) => run(() => cancelConnect(ctx, body)),
    disconnect: (body) => run(() => disconnectFeed(ctx, body)),
    expireAuth: (body) => run(() => expireAuth(ctx, body)),
    refresh: (body) =>
      run(() => {
        const b = objectBody(ctx, body, 'SageRefresh')
        const business = findBusiness(ctx, str(b.businessId) ?? '')
        manualRefresh(ctx, business)
        return ok(200, renderBusiness(ctx, business))
      }),
  }
}
