/**
 * -r junit: one <testsuite> per scenario, one <testcase> per check, named
 * file › scenario › step › check so every CI shows where it failed:
 *
 *   <testsuite name="collections/ords-security.yaml › anonymous caller is rejected" tests="3" failures="1" …>
 *     <testcase classname="collections/ords-security.yaml › anonymous caller is rejected"
 *               name="collections/ords-security.yaml › anonymous caller is rejected › POST /ords/{{alias}}/myapi/hello › status" time="0.004">
 *       <failure message="expected 401, got 200" type="status"/>
 *       <system-out>POST http://…/ords/myapi/myapi/hello → 200 (4 ms) …</system-out>
 *     </testcase>
 * A failed check is a <failure>; a request or token that could not be had is an <error>.
 *
 * Written as scenarios finish: each <testsuite> is complete when written, and the
 * totals on <testsuites>, known only at the end, are written into space kept for
 * them in the opening tag.
 */
import type { Report } from '../model/report.js';
import type { ScenarioResult, StepResult } from '../model/result.js';
import { instanceLabel, ms, show } from './format.js';
import type { FileReporter, ReportOutput, ReportSink, StreamingReporter } from './types.js';

export const junitReporter: FileReporter & StreamingReporter = {
  name: 'junit',
  defaultPath: 'reports/junit.xml',
  render: renderJunit,
  open: openJunitSink,
};

/** The whole document at once: the streaming writer into a string. */
export function renderJunit(report: Report): string {
  const parts: string[] = [];
  let text = '';
  const out: ReportOutput = {
    write: (t) => parts.push(t),
    position: () => (text = parts.join('')).length,
    writeAt: (at, t) => {
      text = parts.join('');
      parts.length = 0;
      parts.push(text.slice(0, at), t, text.slice(at + t.length));
    },
  };
  const sink = openJunitSink(out);
  for (const run of report.runs) {
    const { scenarios, ...summary } = run;
    sink.runStart(run);
    for (const s of scenarios) sink.scenario(s);
    sink.runEnd(summary);
  }
  sink.close(report);
  return parts.join('');
}

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** Room for the totals on <testsuites>: enough for ten-digit counts. */
const TOTALS_ROOM = 90;

function openJunitSink(out: ReportOutput): ReportSink {
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gatecheck"');
  const totalsAt = out.position();
  out.write(`${' '.repeat(TOTALS_ROOM)}>\n`);
  const totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  let run: { file: string; name: string; startedAt: number } | undefined;
  return {
    runStart(head) {
      run = { file: head.collection.file, name: head.collection.name, startedAt: Date.parse(head.startedAt) };
    },
    scenario(result) {
      out.write(renderSuite(run!, result, totals));
    },
    runEnd() {
      run = undefined;
    },
    close() {
      const attrs = ` tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}"`;
      out.write('</testsuites>\n');
      out.writeAt(totalsAt, attrs.padEnd(TOTALS_ROOM, ' ').slice(0, TOTALS_ROOM));
    },
  };
}

function renderSuite(
  run: { file: string; name: string; startedAt: number },
  scenario: ScenarioResult,
  totals: Totals,
): string {
  const suiteName = `${run.file} › ${instanceLabel(scenario)}`;
  const cases: string[] = [];
  const counts: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  // Two unnamed steps that call the same endpoint share a name: their position tells them apart.
  const names = scenario.steps.map((st) => st.name);
  const used = new Set<string>();
  for (const step of scenario.steps) {
    if (step.kind === 'wait') continue;
    const stepName =
      names.indexOf(step.name) === names.lastIndexOf(step.name)
        ? step.name
        : `${step.name} (step ${step.index + 1})`;
    const prefix = `${suiteName} › ${stepName}`;
    const open = (name: string) =>
      `    <testcase classname="${attr(suiteName)}" time="${seconds(step.durationMs)}" name="${attr(name)}"`;
    if (step.outcome === 'skipped') {
      counts.tests++;
      counts.skipped++;
      cases.push(`${open(`${prefix} › request`)}>\n      <skipped/>\n    </testcase>`);
    } else if (step.error) {
      counts.tests++;
      counts.errors++;
      cases.push(
        `${open(`${prefix} › request`)}>\n      <error message="${attr(step.error.message)}" type="${attr(step.error.code)}"/>\n${systemOut(step)}    </testcase>`,
      );
    } else {
      for (const check of step.checks) {
        counts.tests++;
        const name = unique(`${prefix} › ${check.check}`, used);
        if (check.passed) {
          cases.push(`${open(name)}/>`);
          continue;
        }
        counts.failures++;
        const why = check.message ? ` (${check.message})` : '';
        const message = `expected ${show(check.expected)}, got ${show(check.actual)}${why}`;
        cases.push(
          `${open(name)}>\n      <failure message="${attr(message)}" type="${attr(check.check.split(' ')[0] ?? '')}"/>\n${systemOut(step)}    </testcase>`,
        );
      }
    }
  }
  for (const k of Object.keys(counts) as (keyof Totals)[]) totals[k] += counts[k];
  const timestamp = new Date(run.startedAt + scenario.startMs).toISOString().slice(0, 19);
  const head = `  <testsuite name="${attr(suiteName)}" timestamp="${timestamp}" time="${seconds(scenario.durationMs)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}">\n    <properties>\n      <property name="collection" value="${attr(run.name)}"/>\n    </properties>\n`;
  return `${head}${cases.map((c) => `${c}\n`).join('')}  </testsuite>\n`;
}

/** The same check twice in one step (e.g. two header checks): number the repeats. */
function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name} (${n})`;
  used.add(candidate);
  return candidate;
}

/** A short account of what went over the wire (masked on output), for system-out. */
function systemOut(step: StepResult): string {
  const lines = step.exchanges.map((e) => {
    const what =
      e.kind === 'token'
        ? `token ${e.profile}: `
        : e.kind === 'retry'
          ? 'retry: '
          : e.kind === 'probe'
            ? `probe ${e.caller}${e.retry ? ', retry' : ''}: `
            : '';
    return `${what}${e.method} ${e.url} → ${e.status ?? e.error ?? '?'} (${ms(e.durationMs)})`;
  });
  if (step.response?.bodyExcerpt) lines.push('', step.response.bodyExcerpt);
  const text = lines.join('\n');
  return text === '' ? '' : `      <system-out>${cdata(text)}</system-out>\n`;
}

// Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return; lone surrogates).
const INVALID_XML = new RegExp(
  // eslint-disable-next-line no-control-regex -- these are the characters being removed
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]',
  'g',
);

function attr(value: string): string {
  return value.replace(INVALID_XML, '\ufffd').replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c]!);
}
const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

function cdata(text: string): string {
  return `<![CDATA[${text.replace(INVALID_XML, '\ufffd').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function seconds(msValue: number): number {
  return Math.round(msValue) / 1000;
}
