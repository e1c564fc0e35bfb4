/**
 * A tagged-template HTML escaper: every interpolated value is escaped unless it is already
 * {@link SafeHtml} (the result of another `html` template). No page builds markup by concatenating
 * strings; user data can only enter through `${...}` and always comes out as text.
 *
 * @example
 * const row = html`<td>${transaction.description}</td>`      // "<script>" becomes "&lt;script&gt;"
 * const page = html`<table>${rows}</table>`                     // arrays of SafeHtml are joined
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}

/** Markup that is already safe: made only by {@link html} (or {@link trusted} for constants). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** What a template accepts: text (escaped), numbers, safe markup, lists of them; nothing for null/false. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly HtmlValue[]

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c)
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/** The template tag: escapes every value, keeps the literal parts as written. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}

/** Marks a constant written in this folder (CSS, an SVG path we computed) as markup. Never user data. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

/**
 * A URL for an `href` that came from outside (Codat's `linkUrl`): only http(s) or a same-site path;
 * anything else (`javascript:`, `data:`) becomes `#`.
 */
export function safeUrl(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : '#'
  } catch {
    return '#'
  }
}

/** A path under the app with every segment percent-encoded: `appPath('companies', id)` → `/app/companies/<id>`. */
export function appPath(...segments: readonly string[]): string {
  return `/app${segments.map((s) => `/${encodeURIComponent(s)}`).join('')}`
}

/** A query string from defined values, `?a=1&b=x` (or `''`). */
export function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s === '' ? '' : `?${s}`
}
