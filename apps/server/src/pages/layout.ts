import { type HtmlValue, html, type SafeHtml } from './html.js'

/** Who is looking: a bank operator (signed in with a tenant key) or an SMB through a portal link. */
export type Viewer =
  | { readonly kind: 'operator'; readonly tenant: string }
  | {
      readonly kind: 'portal'
      readonly tenant: string
      readonly companyId: string
      readonly expiresAt: number
    }

/** A one-shot message shown at the top of the next page (kept in the session). */
export interface Flash {
  readonly tone: 'ok' | 'bad' | 'warn' | 'info'
  readonly text: string
}

/** What every page needs besides its own data. */
export interface PageContext {
  readonly viewer: Viewer | undefined
  /** CSRF token for this session's forms. */
  readonly csrf: string
  /** The bank's name in the header ("Northwind Bank"). */
  readonly bankName: string
  readonly flash: Flash | undefined
}

/** A breadcrumb: the last one is the current page (no link). */
export interface Crumb {
  readonly label: string
  readonly href?: string
}

/** The hidden CSRF field every form carries. */
export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`
}

function nav(ctx: PageContext): SafeHtml {
  const v = ctx.viewer
  if (v === undefined) return html``
  const links =
    v.kind === 'operator'
      ? html`<a href="/app">Companies</a><a href="/app/companies/new">Connect a business</a>`
      : html`<a href="/app/companies/${encodeURIComponent(v.companyId)}">Your bank feed</a>`
  return html`<nav aria-label="Main">${links}
    <form method="post" action="/app/sign-out">${csrfField(ctx)}<button type="submit">Sign out</button></form></nav>`
}

function crumbs(list: readonly Crumb[]): SafeHtml {
  if (list.length === 0) return html``
  return html`<nav aria-label="Breadcrumb"><ol class="crumbs">${list.map((c, i) =>
    c.href === undefined || i === list.length - 1
      ? html`<li aria-current="page">${c.label}</li>`
      : html`<li><a href="${c.href}">${c.label}</a></li>`,
  )}</ol></nav>`
}

/** A flash or inline notice box. */
export function notice(tone: Flash['tone'], body: HtmlValue, role: 'status' | 'alert' = 'status'): SafeHtml {
  return html`<div class="notice ${tone === 'info' ? '' : tone}" role="${role}">${body}</div>`
}

/** The whole document: header, breadcrumbs, flash, the page's body, footer. */
export function layout(
  ctx: PageContext,
  page: { title: string; crumbs?: readonly Crumb[]; body: SafeHtml },
): SafeHtml {
  const flash = ctx.flash === undefined ? html`` : notice(ctx.flash.tone, html`<p>${ctx.flash.text}</p>`)
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title} · ${ctx.bankName}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app/assets/style.css">
<script src="/app/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/app">${ctx.bankName} · Bank feeds</a>${nav(ctx)}</header>
<main id="main" tabindex="-1">
${crumbs(page.crumbs ?? [])}
${flash}
${page.body}
</main>
<footer>Bank feeds to QuickBooks Online, Xero and Sage through Codat. Amounts are exact; dates are calendar days of the account.</footer>
</body>
</html>`
}
