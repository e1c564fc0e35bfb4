/** Markup that is already safe (built by `html`); anything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[]

function render(v: Part): string {
  if (v instanceof SafeHtml) return v.value
  if (Array.isArray(v)) return v.map(render).join('')
  if (v === null || v === undefined || v === false) return ''
  return escapeHtml(v)
}

/**
 * Tagged template: every interpolated value is escaped unless it is `SafeHtml` (nested `html` results);
 * arrays are joined; `null`, `undefined` and `false` render as nothing.
 *
 * @example html`<td>${line.description}</td>` // a description `<b>` renders as `&lt;b&gt;`
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}

/** A whole page: no scripts, no external assets, a small inline stylesheet. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.test { color: #777; font-style: italic; }
.error { background: #fde8e8; border: 1px solid #e0a0a0; padding: .6rem .8rem; }
.note { background: #eef5ee; border: 1px solid #a0c8a0; padding: .6rem .8rem; }
label { display: block; margin: .4rem 0; }
fieldset { margin: 1rem 0; }
.muted { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<p class="muted">Codat + QuickBooks Online, Xero and Sage simulator &mdash; local pages, not the real services.</p>
${body}
</body>
</html>
`.value
}
