import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeHtml, html, page } from './html.js'

describe('html', () => {
  it('escapes every interpolated value, including inside attributes', () => {
    const evil = `"><script>alert('x')</script>&`
    expect(html`<input value="${evil}"><td>${evil}</td>`.value).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"><td>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</td>',
    )
  })

  it('keeps nested html, joins arrays and drops null, undefined and false', () => {
    const rows = ['a<', 'b'].map((x) => html`<li>${x}</li>`)
    expect(html`<ul>${rows}${null}${undefined}${false}</ul>`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>')
    expect(html`${0} ${true}`.value).toBe('0 true')
  })

  it('never lets a markup character of any string through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeHtml(s)
        expect(out).not.toMatch(/[<>"']/)
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&')
      }),
      { numRuns: 300 },
    )
  })

  it('builds a page with the title escaped and no external assets or scripts', () => {
    const p = page('a <b>', html`<p>x</p>`)
    expect(p).toContain('<title>a &lt;b&gt;</title>')
    expect(p).not.toMatch(/<script|<link|src=/)
  })
})
