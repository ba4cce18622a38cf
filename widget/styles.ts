/**
 * The widget's styles, isolated in its shadow root. A host themes it only
 * through the `--lawflow-*` custom properties (docs/widget.md), which reach
 * into the shadow root by inheritance; nothing of the host's CSS leaks in.
 *
 * Colours are chosen for WCAG 2.2 AA in both schemes: text 4.5:1 or more on
 * its background, borders and the focus ring of controls 3:1 or more (1.4.3,
 * 1.4.11). A host that sets a colour sets it for dark mode too, in its own
 * `prefers-color-scheme` query.
 */
/** Where the launcher's window fills the viewport (a phone, or a desktop window zoomed to 200%): it covers the page then, and is modal. */
export const FULL_SCREEN = "(max-width:480px),(max-height:540px)";

export const STYLES = `
:host{--bg:var(--lawflow-bg,#fff);--fg:var(--lawflow-text,#1b1f27);--mu:var(--lawflow-muted,#545c6b);--ac:var(--lawflow-accent,#1a56db);--on:var(--lawflow-on-accent,#fff);--bot:var(--lawflow-bot-bg,#eef1f5);--ln:var(--lawflow-border,#6b7385);--bad:var(--lawflow-error,#b42318);--r:var(--lawflow-radius,14px);--gap:var(--lawflow-offset,20px);
font:15px/1.45 var(--lawflow-font,system-ui,sans-serif);color:var(--fg);color-scheme:light dark}
@media (prefers-color-scheme:dark){:host{--bg:var(--lawflow-bg,#15181e);--fg:var(--lawflow-text,#e9ebef);--mu:var(--lawflow-muted,#adb5c2);--ac:var(--lawflow-accent,#8ab4ff);--on:var(--lawflow-on-accent,#0b1220);--bot:var(--lawflow-bot-bg,#262b35);--ln:var(--lawflow-border,#8d96a7);--bad:var(--lawflow-error,#ff9b8f)}}
*{box-sizing:border-box}
[hidden]{display:none!important}
p{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
button,input{font:inherit;color:inherit;border:1px solid var(--ln);border-radius:999px;background:var(--bg);min-height:44px;padding:.45em .9em}
button,summary{cursor:pointer}
button,a,summary{color:var(--ac)}
button{border-color:var(--ac)}
:focus-visible{outline:2px solid var(--ac);outline-offset:2px}
.launcher,.av,.send,.you .bubble{background:var(--ac);color:var(--on)}
.launcher,.av{display:grid;place-items:center}
.sub,.note,time,.hint,.muted,footer{color:var(--mu)}
input::placeholder{color:var(--mu);opacity:1}
.danger,.err{color:var(--bad)}
.danger,[aria-invalid=true]{border-color:var(--bad)}
.win,header,.log,.msg,.typing,.replies,.row,footer,form{display:flex}
.win,.log{flex-direction:column}
.replies,.row,footer{flex-wrap:wrap;gap:.4em;align-items:center}
.log,.panel{flex:1;min-height:0;overflow-y:auto;padding:.75em}
.who,.bubble,li{min-width:0;overflow-wrap:anywhere}
.sub,.hint{font-size:.85em}
.notice,details,.err{font-size:.9em}
:is(.replies,.err):empty{display:none}
.launcher,.win{position:fixed;z-index:var(--lawflow-z,2147483000);inset:auto var(--gap) var(--gap) auto}
:host([side=left]) :is(.launcher,.win){inset:auto auto var(--gap) var(--gap)}
.launcher{width:60px;height:60px;border:0;padding:0;box-shadow:0 4px 14px #0004}
.launcher svg{width:28px;height:28px;fill:currentColor}
.win{background:var(--bg);border:1px solid var(--ln);border-radius:var(--r);overflow:clip;margin-bottom:72px;width:min(390px,calc(100vw - 2*var(--gap)));height:min(640px,calc(100dvh - 2*var(--gap) - 72px));box-shadow:0 10px 40px #0003}
:host([mode=inline]) .win{position:static;margin:0;width:auto;max-width:100%;height:var(--lawflow-height,560px);box-shadow:none}
@media ${FULL_SCREEN}{:host(:not([mode=inline])) .win{inset:0;margin:0;width:100%;height:100%;border:0;border-radius:0}}
header,.panel{border-bottom:1px solid var(--ln)}
header{align-items:center;gap:.6em;padding:.6em .75em}
.who{flex:1}.name{font-weight:600}
.av{flex:none;width:34px;height:34px;border-radius:50%;font-weight:700;overflow:hidden}
.av img{width:100%;height:100%;object-fit:cover}
header button{padding:.3em .8em}
.x{width:44px;padding:0;font-size:1.3em;line-height:1}
.notice{margin:.6em .75em 0;padding:.5em .7em;border:1px solid var(--ln);border-radius:8px}
.log{gap:.5em;overscroll-behavior:contain}
.msg{gap:.45em;align-items:flex-end;max-width:88%;animation:in .2s ease-out}
.bubble{padding:.5em .75em;border-radius:var(--r)}
.bot{align-self:flex-start}.bot .bubble{background:var(--bot);border-end-start-radius:4px}
.bot+.bot .av{visibility:hidden}
.msg .av{width:28px;height:28px;font-size:.8em}
.you{align-self:flex-end}.you .bubble{border-end-end-radius:4px}
.gone .bubble{font-style:italic}
.note{align-self:center;text-align:center;font-size:.88em;max-width:95%}
time{display:block;font-size:.75em;margin-top:.15em}
.you time{color:var(--on)}
details{margin-top:.35em}
summary{min-height:24px}
ul,ol{margin:.3em 0;padding-inline-start:1.1em}
li{margin-bottom:.35em}
.typing{gap:4px;padding:0 1.25em .5em}
.typing span{width:7px;height:7px;border-radius:50%;background:var(--mu);animation:dot 1s infinite}
.typing span+span{animation-delay:.15s}.typing span+span+span{animation-delay:.3s}
.composer{border-top:1px solid var(--ln);padding:.6em .75em}
.replies{margin-bottom:.5em}
.hint{flex-basis:100%}
.err{margin-bottom:.4em}
form{gap:.4em}
form input{flex:1;min-width:0}
h2{font-size:1.1em;margin:.75em 0 .5em}
h3{font-size:1em;margin:1em 0 .4em}
.row{margin:.4em 0}
.row span{flex:1 1 12em}
.confirm{border:1px solid var(--bad);border-radius:8px;padding:.6em;margin:.5em 0}
.confirm p{margin-bottom:.4em}
footer{padding:.35em .75em .5em;font-size:.8em;gap:.2em .8em}
footer a{display:inline-block;min-height:24px}
@keyframes in{from{opacity:0;translate:0 6px}}
@keyframes dot{50%{opacity:.3}}
@media (prefers-reduced-motion:reduce){*{animation:none!important}}
`;
