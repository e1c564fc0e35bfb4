import type { Platform } from '../codat/context.js'
import { QBO } from './qbo/platform.js'
import { SAGE } from './sage/platform.js'
import { XERO } from './xero/platform.js'

/**
 * Every ledger platform the simulator models, one folder each (`qbo/`, `xero/`, `sage/`). Adding one
 * is adding its folder and its line here.
 */
export const PLATFORMS: readonly Platform[] = [QBO, XERO, SAGE]

/** The platforms by Codat integration key, as `Ctx.platforms` holds them. */
export function platformTable(
  platforms: readonly Platform[] = PLATFORMS,
): Readonly<Record<string, Platform>> {
  return Object.fromEntries(platforms.map((p) => [p.key, p]))
}
