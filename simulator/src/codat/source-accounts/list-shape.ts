import type { SourceAccountRec } from '../state.js'
import { renderSourceAccount, type Shape } from './schema.js'

/**
 * The one shape every item of a list renders in (a list never mixes v1 and v2, BEHAVIOUR §6.1): v1 in
 * mode `v1`; otherwise v2 when every account is v2, else v1 (the shape any account can take).
 */
export function listShape(mode: 'v1' | 'v2' | 'auto', accounts: readonly SourceAccountRec[]): Shape {
  if (mode === 'v1') return 'v1'
  return accounts.every((a) => a.schema === 'v2') ? 'v2' : 'v1'
}

/** Every account in the list's one shape (`listShape`). */
export function renderSourceAccountList(
  mode: 'v1' | 'v2' | 'auto',
  accounts: readonly SourceAccountRec[],
): Record<string, unknown>[] {
  const shape = listShape(mode, accounts)
  return accounts.map((a) => renderSourceAccount(a, shape))
}
