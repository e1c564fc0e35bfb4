import type { Ctx, SimResponse } from '../../codat/context.js'
import { ok } from '../../codat/context.js'
import { mappingUi, mappingUiDisconnect, read, removeFeed, revoke } from './actions.js'
import { xeroConsent } from './consent.js'
import { createOrg, listOrgs, renderOrg } from './orgs.js'
import { consentView, mappingView } from './views.js'
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
  /** The consent page's model for a `linkUrl` (401 when its otp is used or expired). */
  consentView(companyId: string, connectionId: string, otp: string): SimResponse
  /** The mapping page's model: the organisation and Codat's mapping rows. */
  mappingView(companyId: string, connectionId: string): SimResponse
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
    consentView: (c, k, otp) => run(() => consentView(ctx, c, k, otp)),
    mappingView: (c, k) => run(() => mappingView(ctx, c, k)),
  }
}
