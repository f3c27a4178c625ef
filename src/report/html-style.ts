/** The HTML report's stylesheet (hashed into its Content-Security-Policy). */
export const STYLE = `
:root { --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --token: #8250df; --retry: #bc4c00; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1100px; padding: 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 14px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, monospace; }
.muted { color: var(--muted); font-weight: normal; font-size: 13px; }
.verdict { font-size: 14px; padding: 2px 10px; border-radius: 12px; color: #fff; vertical-align: middle; }
.verdict.passed { background: var(--ok); } .verdict.failed { background: var(--bad); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; background: var(--bg); }
.card .value { font-size: 20px; font-weight: 600; }
details.scenario { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; padding: 6px 12px; }
details.scenario > summary { cursor: pointer; font-weight: 600; }
details.scenario.failed { border-color: var(--bad); } .failed > summary .mark, .step.failed .mark, .step.error .mark { color: var(--bad); }
.passed > summary .mark, .step.passed .mark { color: var(--ok); } .skipped { opacity: .7; }
.step { border-top: 1px solid var(--line); padding: 8px 0 6px 18px; }
.step-name { margin-left: 18px; }
.error { color: var(--bad); margin: 6px 0 0 18px; }
table.checks { border-collapse: collapse; margin: 6px 0 0 18px; font-size: 13px; }
table.checks th, table.checks td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }
table.checks th { color: var(--muted); font-weight: normal; }
table.checks tr.failed td { color: var(--bad); } table.checks tr.passed td:first-child { color: var(--ok); }
details.body { margin: 6px 0 0 18px; } pre { background: var(--bg); padding: 8px; border-radius: 6px; overflow: auto; max-height: 220px; }
svg.waterfall { border: 1px solid var(--line); border-radius: 8px; background: #fff; }
svg .label { font: 11px system-ui, sans-serif; fill: #1f2328; } svg .axis { font: 10px system-ui, sans-serif; fill: var(--muted); }
svg .tick { stroke: var(--line); stroke-dasharray: 2 3; }
.bar.ok, .key.ok { fill: var(--ok); background: var(--ok); } .bar.http4xx, .key.http4xx { fill: var(--warn); background: var(--warn); }
.bar.token, .key.token { fill: var(--token); background: var(--token); } .bar.retry, .key.retry { fill: var(--retry); background: var(--retry); }
.bar.err, .key.err { fill: var(--bad); background: var(--bad); }
.legend { font-size: 12px; color: var(--muted); } .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; }
`;
