/**
 * The page's whole style, inline in its HTML: no stylesheet request on a slow link. The colours are the design
 * tokens' (packages/ui/src/tokens.css), contrast-checked there.
 */
export const SHELL_STYLES = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Naskh Arabic",sans-serif;color:#17232b;background:#f6f8f9}
.bar{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.5rem 1rem;background:#fff;border-block-end:1px solid #d5dde2}
.bar p{margin:0;font-size:.875rem;color:#4a5a65}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}form h2{margin-top:0}
a{color:#0f766e}
form{background:#fff;border:1px solid #d5dde2;border-radius:10px;padding:1rem}
label,legend{display:block;font-weight:600;margin-block:1rem .25rem}
.choice{display:inline-flex;gap:.35rem;font-weight:400;margin-inline-end:1rem}
fieldset{border:0;padding:0;margin:0}legend{padding:0}
textarea,input:not([type=radio]){width:100%;font:inherit;padding:.5rem;border:1px solid #8a9aa5;border-radius:6px;background:#fff}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.help{margin:0;color:#4a5a65;font-size:.875rem}
button{font:inherit;font-weight:600;padding:.65rem 1.25rem;border-radius:6px;border:1px solid #0f766e;background:#0f766e;color:#fff;margin-block-start:1rem;cursor:pointer}
button[disabled]{opacity:.6}
button.quiet{background:#fff;color:#0f766e;padding:.35rem .75rem;margin:0}
.alert{padding:.5rem .75rem;border-radius:6px;background:#fee2e2;color:#7f1d1d}
.photos{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.5rem 0 0}
.photos li{display:flex;flex-direction:column;gap:.25rem;align-items:center}
.photos img{width:5rem;height:5rem;object-fit:cover;border-radius:6px;border:1px solid #d5dde2}
.drafts{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
.drafts li{background:#fff;border:1px solid #d5dde2;border-radius:10px;padding:.75rem 1rem}
.drafts p{margin:.25rem 0}
.state{display:inline-block;font-size:.875rem;font-weight:600;padding:.1rem .5rem;border-radius:999px;background:#e8edf0;color:#334155}
[data-state=sent] .state{background:#e0f2fe;color:#0c4a6e}
[data-state=answered] .state{background:#dcfce7;color:#14532d}
[data-state=problem] .state{background:#fee2e2;color:#7f1d1d}
.answer{border-inline-start:4px solid #0f766e;padding-inline-start:.75rem;white-space:pre-wrap}
.meta{color:#4a5a65;font-size:.875rem}
`.replace(/\n/g, '');
