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
 */
import junitModule, { type Builder } from 'junit-report-builder';
import type { Report } from '../model/report.js';
import type { RunResult, ScenarioResult, StepResult } from '../model/result.js';
import { instanceLabel, ms, show } from './format.js';
import type { FileReporter } from './types.js';

// The package is CommonJS (module.exports = builder); its typings describe an ES default.
const junit = junitModule as unknown as Builder;

export const junitReporter: FileReporter = {
  name: 'junit',
  defaultPath: 'reports/junit.xml',
  render: renderJunit,
};

export function renderJunit(report: Report): string {
  const builder = junit.newBuilder().name('gatecheck');
  for (const run of report.runs) {
    for (const scenario of run.scenarios) addSuite(builder, run, scenario);
  }
  return builder.build();
}

function addSuite(builder: Builder, run: RunResult, scenario: ScenarioResult): void {
  const suiteName = `${run.collection.file} › ${instanceLabel(scenario)}`;
  const suite = builder
    .testSuite()
    .name(suiteName)
    .timestamp(new Date(Date.parse(run.startedAt) + scenario.startMs))
    .time(seconds(scenario.durationMs))
    .property('collection', run.collection.name);
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
    const testCase = () => suite.testCase().className(suiteName).time(seconds(step.durationMs));
    if (step.outcome === 'skipped') {
      testCase().name(`${prefix} › request`).skipped();
    } else if (step.error) {
      testCase()
        .name(`${prefix} › request`)
        .error(step.error.message, step.error.code)
        .standardOutput(exchangeLog(step));
    } else {
      for (const check of step.checks) {
        const tc = testCase().name(unique(`${prefix} › ${check.check}`, used));
        if (!check.passed) {
          const why = check.message ? ` (${check.message})` : '';
          tc.failure(
            `expected ${show(check.expected)}, got ${show(check.actual)}${why}`,
            check.check.split(' ')[0],
          ).standardOutput(exchangeLog(step));
        }
      }
    }
  }
}

/** The same check twice in one step (e.g. two header checks): number the repeats. */
function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name} (${n})`;
  used.add(candidate);
  return candidate;
}

/** A short, masked account of what went over the wire, for system-out. */
function exchangeLog(step: StepResult): string {
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
  return lines.join('\n');
}

function seconds(msValue: number): number {
  return Math.round(msValue) / 1000;
}
