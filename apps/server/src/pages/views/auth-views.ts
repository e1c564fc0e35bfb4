import { html, type SafeHtml } from '../html.js'
import { csrfField, layout, notice, type PageContext } from '../layout.js'

/** The operator's sign-in form. The key is never echoed back, not even after a wrong try. */
export function signInPage(ctx: PageContext, opts: { next: string; error?: string }): SafeHtml {
  const error =
    opts.error === undefined ? html`` : notice('bad', html`<p id="key-error">${opts.error}</p>`, 'alert')
  return layout(ctx, {
    title: 'Sign in',
    body: html`<h1>Sign in</h1>
<div class="card">
<p>For the bank's staff. Sign in with your feedsync API key; your customers get a personal link from the bank instead.</p>
${error}
<form method="post" action="/app/sign-in">
${csrfField(ctx)}
<input type="hidden" name="next" value="${opts.next}">
<label for="apiKey">API key</label>
<input id="apiKey" name="apiKey" type="password" autocomplete="current-password" required spellcheck="false"
 ${opts.error === undefined ? '' : html`aria-invalid="true" aria-describedby="key-error"`} autofocus>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
</div>`,
  })
}

/** The page a portal link opens: one button, so a link scanner fetching the URL does not use it up. */
export function portalLandingPage(ctx: PageContext, opts: { token: string; expiresAt: string }): SafeHtml {
  return layout(ctx, {
    title: 'Your bank feed',
    body: html`<h1>Connect your bank feed</h1>
<div class="card">
<p>Your bank sent you this link to connect your business accounts to your accounting software (QuickBooks Online, Xero or Sage) and to follow the feed.</p>
<p class="muted small">This link works once, until ${opts.expiresAt}, on this device only.</p>
<form method="post" action="/app/portal/${encodeURIComponent(opts.token)}">
${csrfField(ctx)}
<div class="actions"><button type="submit">Continue</button></div>
</form>
</div>`,
  })
}

/** Any refusal as a page: 404 (unknown or another tenant's id), 403 (form expired), 409, 422, 503, 500. */
export function errorPage(
  ctx: PageContext,
  opts: { status: number; title: string; message: string; back?: { href: string; label: string } },
): SafeHtml {
  const back =
    opts.back ??
    (ctx.viewer === undefined
      ? { href: '/app/sign-in', label: 'Sign in' }
      : { href: '/app', label: 'Back to the start' })
  return layout(ctx, {
    title: opts.title,
    body: html`<h1>${opts.title}</h1>
<div class="card"><p>${opts.message}</p><p class="muted small">Status ${opts.status}</p>
<p><a href="${back.href}">${back.label}</a></p></div>`,
  })
}
