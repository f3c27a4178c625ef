/** The HTML report's stylesheet (hashed into its Content-Security-Policy). */
export const STYLE = `
:root { --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --token: #8250df; --refresh: #bf8700; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1100px; padding: 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 4px; } h3 { font-size: 14px; margin: 20px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h3 .muted { text-transform: none; letter-spacing: 0; }
h4 { font-size: 12px; margin: 8px 0 2px; color: var(--muted); }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, monospace; }
.muted { color: var(--muted); font-weight: normal; font-size: 13px; }
.target { margin: 0 0 8px; color: var(--muted); }
.verdict { font-size: 14px; padding: 2px 10px; border-radius: 12px; color: #fff; vertical-align: middle; }
.verdict.passed { background: var(--ok); } .verdict.failed { background: var(--bad); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; background: var(--bg); }
.card .value { font-size: 20px; font-weight: 600; }
.controls { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 0; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.controls input[type=search] { flex: 1; min-width: 220px; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
.controls button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); cursor: pointer; }
details.scenario, details.group { border: 1px solid var(--line); border-radius: 8px; margin: 6px 0; padding: 6px 12px; }
details > summary { cursor: pointer; }
details.scenario > summary, details.group > summary { font-weight: 600; }
details.group.failed { border-color: var(--bad); background: #fffafa; }
.badge { display: inline-block; min-width: 34px; text-align: center; background: var(--bad); color: #fff; border-radius: 10px; padding: 0 6px; font-size: 12px; }
details.scenario.failed { border-color: var(--bad); } .failed > summary .mark, .step.failed .mark, .step.error .mark { color: var(--bad); }
.passed > summary .mark, .step.passed .mark { color: var(--ok); } .skipped { opacity: .7; }
.step { border-top: 1px solid var(--line); padding: 6px 0 4px 18px; }
.step-detail { padding: 4px 0 4px 18px; }
.detail { margin-top: 4px; }
.error { color: var(--bad); margin: 6px 0 0; }
table.checks { border-collapse: collapse; margin: 6px 0 0; font-size: 13px; }
table.checks th, table.checks td { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; }
table.checks th { color: var(--muted); font-weight: normal; }
table.checks .num { text-align: right; }
table.checks tr.failed td { color: var(--bad); } table.checks tr.passed td:first-child { color: var(--ok); }
pre { background: var(--bg); padding: 8px; border-radius: 6px; overflow: auto; max-height: 220px; margin: 2px 0; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
.scroll { overflow-x: auto; }
table.grid { border-collapse: separate; border-spacing: 3px; font-size: 12.5px; }
table.grid th { text-align: left; font-weight: 600; color: var(--muted); padding: 2px 6px; vertical-align: bottom; }
table.grid th[scope=row] { color: #1f2328; font-weight: normal; max-width: 360px; }
table.grid td { text-align: center; padding: 4px 8px; border-radius: 4px; min-width: 96px; }
table.grid td.ok { background: var(--ok-bg); color: var(--ok); } table.grid td.bad { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
table.grid td.none { color: var(--line); } table.grid .exp { color: var(--muted); } table.grid .count { font-weight: normal; font-size: 11px; }
svg.waterfall { border: 1px solid var(--line); border-radius: 8px; background: #fff; max-width: none; }
svg .label { font: 11px system-ui, sans-serif; fill: #1f2328; } svg .label.heading { font-weight: 600; }
svg .axis { font: 10px system-ui, sans-serif; fill: var(--muted); } svg .sep { stroke: var(--line); }
svg .gap { fill: var(--bg); stroke: var(--line); stroke-dasharray: 3 2; }
.bar.ok, .key.ok { fill: var(--ok); background: var(--ok); } .bar.bad, .key.bad, .key.err { fill: var(--bad); background: var(--bad); }
.bar.token, .key.token { fill: var(--token); background: var(--token); } .bar.refresh, .key.refresh { fill: var(--refresh); background: var(--refresh); }
.legend { font-size: 12px; color: var(--muted); } .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; }
`;
