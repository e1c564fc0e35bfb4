/**
 * ISO 4217 currencies whose minor unit is not 2 digits (the rest, and an unknown or absent
 * currency, show 2). The simulator's own table: it reads none of feedsync's packages.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
}

/** Digits after the point QBO shows for `currency`. */
export function minorUnits(currency: string | null | undefined): number {
  return MINOR_UNITS[(currency ?? '').toUpperCase()] ?? 2
}

/**
 * A canonical decimal string (`978.3`, `-12`, `0.005`) with at least the currency's decimals
 * (`978.30`, `-12.00`): padded with zeros, never rounded (more digits than the currency has are kept,
 * so nothing the bank sent is hidden). Anything that is not a plain decimal is returned as it is.
 *
 * @example
 * formatAmount('978.3', 'USD') // '978.30'
 */
export function formatAmount(amount: string, currency: string | null | undefined): string {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(amount)
  if (m === null) return amount
  const digits = minorUnits(currency)
  const fraction = (m[2] ?? '').padEnd(digits, '0')
  return fraction === '' ? (m[1] ?? amount) : `${m[1]}.${fraction}`
}
