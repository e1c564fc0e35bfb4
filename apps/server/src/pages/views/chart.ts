import { decimalForChart, formatDay, formatMoney } from '../format.js'
import { html, type SafeHtml } from '../html.js'

/** One day of the chart. */
export interface BalancePoint {
  readonly date: string
  readonly bank: string
  readonly destination: string
}

const W = 720
const H = 240
const PAD = { left: 8, right: 8, top: 10, bottom: 10 }

/**
 * Inline SVG of the bank's balance against the destination's, end of day: where the lines part is
 * where the ledger (QuickBooks, Xero or Sage: `ledger`) misses something. Numbers here are geometry only; every label is the exact
 * string. Presentation attributes only (no style attribute: the CSP has no 'unsafe-inline').
 */
export function balanceChart(
  points: readonly BalancePoint[],
  currency: string,
  ledger = 'QuickBooks',
): SafeHtml {
  if (points.length === 0) return html`<p class="muted">No history to draw yet.</p>`
  const values = points.flatMap((p) => [decimalForChart(p.bank), decimalForChart(p.destination)])
  let min = Math.min(...values)
  let max = Math.max(...values)
  if (min === max) {
    min -= 1
    max += 1
  }
  const span = max - min
  const x = (i: number): number =>
    PAD.left +
    (points.length === 1
      ? (W - PAD.left - PAD.right) / 2
      : (i * (W - PAD.left - PAD.right)) / (points.length - 1))
  const y = (v: number): number => PAD.top + ((max - v) * (H - PAD.top - PAD.bottom)) / span
  const line = (pick: (p: BalancePoint) => string): string =>
    points.map((p, i) => `${x(i).toFixed(1)},${y(decimalForChart(pick(p))).toFixed(1)}`).join(' ')
  const parted = points.findIndex((p) => decimalForChart(p.bank) !== decimalForChart(p.destination))
  const extreme = (pick: 'min' | 'max'): string => {
    let best = points[0]?.bank ?? '0'
    for (const p of points)
      for (const v of [p.bank, p.destination]) {
        const better =
          pick === 'max'
            ? decimalForChart(v) > decimalForChart(best)
            : decimalForChart(v) < decimalForChart(best)
        if (better) best = v
      }
    return best
  }
  const first = points[0]
  const last = points[points.length - 1]
  const desc =
    parted === -1
      ? 'The two balances agree on every day shown.'
      : `The balances part on ${formatDay(points[parted]?.date ?? null)}.`
  return html`<figure class="card">
<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Bank balance and ${ledger} balance, end of each day</title>
<desc id="chart-desc">${desc} Highest ${formatMoney(extreme('max'), currency)}, lowest ${formatMoney(extreme('min'), currency)}.</desc>
<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#8a96a3" stroke-width="1"/>
${parted === -1 ? '' : html`<rect x="${x(parted) - 3}" y="${PAD.top}" width="${Math.max(6, x(points.length - 1) - x(parted) + 6)}" height="${H - PAD.top - PAD.bottom}" fill="#fbe6e6"/>`}
<polyline points="${line((p) => p.bank)}" fill="none" stroke="#0b5cad" stroke-width="3" stroke-linejoin="round"/>
<polyline points="${line((p) => p.destination)}" fill="none" stroke="#c2410c" stroke-width="3" stroke-dasharray="8 5" stroke-linejoin="round"/>
</svg>
<div class="chart-axis"><span>${formatDay(first?.date ?? null)}</span><span>${formatDay(last?.date ?? null)}</span></div>
<figcaption><ul class="legend"><li><span class="key key-bank"></span>Bank balance</li><li><span class="key key-dest"></span>${ledger} balance (dashed)</li>${parted === -1 ? '' : html`<li>Shaded: days where they differ</li>`}
<li>Highest ${formatMoney(extreme('max'), currency)}, lowest ${formatMoney(extreme('min'), currency)}</li></ul></figcaption>
</figure>`
}
