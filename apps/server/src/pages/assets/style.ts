/** The app's one stylesheet, served at `/app/assets/style.css` (no inline styles: the CSP forbids them). */
export const STYLESHEET = `
:root{--ink:#1b1f24;--muted:#4f5a66;--line:#d5dbe1;--bg:#f5f7f9;--card:#fff;--brand:#0b5cad;--brand-ink:#fff;
--ok:#126b35;--ok-bg:#e5f4ea;--warn:#7a4b00;--warn-bg:#fdf1d8;--bad:#a32020;--bad-bg:#fbe6e6;--info-bg:#e6effa;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}
a{color:var(--brand)}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}.skip:focus{left:0}
.sr{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.top{background:#102a43;color:#fff;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.6rem 1.25rem}
.top a{color:#fff}.brand{font-weight:700;text-decoration:none;margin-right:auto}
.top nav{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.top form{margin:0}.top button{background:transparent;color:#fff;border:1px solid #9fb3c8;padding:.25rem .75rem}
main{max-width:72rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.6rem;margin:.25rem 0 1rem;line-height:1.25}h2{font-size:1.2rem;margin:1.75rem 0 .75rem}
h3{font-size:1.05rem;margin:1rem 0 .5rem}
.crumbs{font-size:.9rem;color:var(--muted);margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.35rem}
.crumbs li+li::before{content:"›";margin-right:.35rem}
.sub{color:var(--muted);margin-top:-.75rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr))}
.stat{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem}
.stat dt{color:var(--muted);font-size:.85rem}.stat dd{margin:0;font-size:1.35rem;font-weight:600;overflow-wrap:anywhere}
.stat dd small{display:block;font-size:.85rem;font-weight:400;color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.55rem .75rem;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:#eef2f6;font-weight:600;white-space:nowrap}tbody th{font-weight:600}
caption{text-align:left;padding:.5rem .75rem;color:var(--muted);font-size:.875rem}tbody tr:last-child>*{border-bottom:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.nowrap{white-space:nowrap}.muted{color:var(--muted)}.small{font-size:.875rem}
.badge{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-size:.85rem;font-weight:600;white-space:nowrap;border:1px solid transparent}
.b-ok{background:var(--ok-bg);color:var(--ok);border-color:#a8d5b5}.b-warn{background:var(--warn-bg);color:var(--warn);border-color:#ecc77e}
.b-bad{background:var(--bad-bg);color:var(--bad);border-color:#eab0b0}.b-info{background:var(--info-bg);color:#0b4785;border-color:#a9c4e6}
.b-none{background:#eef0f2;color:#3d4650;border-color:#cfd5db}
.notice{border-left:4px solid var(--brand);background:var(--info-bg);padding:.75rem 1rem;border-radius:4px;margin:0 0 1rem}
.notice.ok{border-color:var(--ok);background:var(--ok-bg)}.notice.bad{border-color:var(--bad);background:var(--bad-bg)}
.notice.warn{border-color:#c98a00;background:var(--warn-bg)}.notice p{margin:.25rem 0}
button,.button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid var(--brand);background:var(--brand);color:var(--brand-ink);
padding:.5rem 1rem;text-decoration:none;display:inline-block;line-height:1.3}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}button.danger{background:#fff;color:var(--bad);border-color:var(--bad)}
button.small{padding:.2rem .6rem;font-size:.875rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0}
form.inline{display:inline}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}.hint{display:block;font-weight:400;color:var(--muted);font-size:.875rem}
input,select,textarea{font:inherit;padding:.45rem .6rem;border:1px solid #8a96a3;border-radius:6px;width:100%;max-width:32rem;background:#fff;color:var(--ink)}
textarea{min-height:3rem}
[aria-invalid="true"]{border-color:var(--bad);border-width:2px}.error{color:var(--bad);font-weight:600;margin:.25rem 0 0}
fieldset{border:1px solid var(--line);border-radius:8px;margin:1rem 0;padding:.5rem 1.25rem 1rem;background:var(--card)}
legend{font-weight:700;padding:0 .4rem}
.fields{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:0 0 1rem}.filters label{margin:0}
.filters select,.filters input{width:auto}
.search{display:flex;gap:.5rem;max-width:32rem;margin:0}.search label{position:absolute;left:-9999px}
.pager{display:flex;gap:1rem;align-items:center;margin:.75rem 0;flex-wrap:wrap}
.secret{font:1.15rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f3f6;border:1px dashed #8a96a3;border-radius:6px;
padding:.35rem .6rem;overflow-wrap:anywhere;user-select:all}
.cred{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content;gap:.5rem 1rem;align-items:center;margin:.75rem 0}
ol.steps{padding-left:1.4rem}ol.steps li{margin:.35rem 0}
details{margin:.5rem 0}summary{cursor:pointer;color:var(--brand)}
.reason{display:block;color:var(--muted);font-size:.875rem;font-weight:400}
.card>h2:first-child,.card>h3:first-child{margin-top:0}.wide{grid-column:1/-1}.wide input{max-width:16rem}
.chart{width:100%;height:auto;display:block;background:#fff}
.chart-axis{display:flex;justify-content:space-between;color:var(--muted);font-size:.875rem;margin-top:.25rem}
.legend{display:flex;gap:1.25rem;flex-wrap:wrap;font-size:.9rem;margin:.5rem 0 0;padding:0;list-style:none}
.key{display:inline-block;width:1.5rem;height:.25rem;vertical-align:middle;margin-right:.4rem}
.key-bank{background:#0b5cad}.key-dest{background:#c2410c}
.note-form{display:grid;gap:.4rem;min-width:14rem}.note-form label{margin:0;font-size:.875rem}
.note-form .row{display:flex;gap:.5rem;flex-wrap:wrap}
footer{max-width:72rem;margin:2rem auto;padding:0 1.25rem;color:var(--muted);font-size:.85rem}
@media (max-width:40rem){main{padding:.75rem}.grid{grid-template-columns:repeat(2,minmax(0,1fr));gap:.5rem}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}h1{font-size:1.35rem}th,td{padding:.45rem .5rem}
.cred{grid-template-columns:1fr}.hide-sm{display:none}
table.stack thead{position:absolute;left:-9999px}table.stack caption{display:block}
table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.5rem 0}table.stack tbody tr:last-child{border-bottom:0}
table.stack th,table.stack td{display:block;border:0;padding:.1rem .75rem;text-align:left;white-space:normal}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
table.stack th.hide-sm,table.stack td.hide-sm{display:none}}
`
