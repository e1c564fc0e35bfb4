import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { mappingUi, mappingUiDisconnect, read, removeFeed, revoke } from './actions.js'
import { xeroConsent } from './consent.js'
import { createOrg, listOrgs, renderOrg } from './orgs.js'
import { findOrg } from './world.js'

/** The `/_sim/xero/...` control actions of PLATFORMS.md §6, as methods usable without HTTP. */
export interface XeroControl {
  createOrg(body: unknown): SimResponse
  listOrgs(): SimResponse
  /** The organisation as a ledger view: accounts, lines, balance, statements, dropped duplicates, drift. */
  org(id: string): SimResponse
  consent(body: unknown): SimResponse
  mappingUi(body: unknown): SimResponse
  mappingUiDisconnect(body: unknown): SimResponse
  revoke(body: unknown): SimResponse
  removeFeed(body: unknown): SimResponse
  read(body: unknown): SimResponse
}

/** Xero's control actions over one model; `run` catches up the clock and answers thrown refusals. */
export function createXeroControl(ctx: Ctx, run: (f: () => SimResponse) => SimResponse): XeroControl {
  return {
    createOrg: (b) => run(() => createOrg(ctx, b)),
    listOrgs: () => run(() => listOrgs(ctx)),
    org: (id) => run(() => ok(200, renderOrg(ctx, findOrg(ctx, id)))),
    consent: (b) => run(() => xeroConsent(ctx, b)),
    mappingUi: (b) => run(() => mappingUi(ctx, b)),
    mappingUiDisconnect: (b) => run(() => mappingUiDisconnect(ctx, b)),
    revoke: (b) => run(() => revoke(ctx, b)),
    removeFeed: (b) => run(() => removeFeed(ctx, b)),
    read: (b) => run(() => read(ctx, b)),
  }
}
