/** The folds behind the recap and the HTML report: failure groups, latency quantiles, curl, local time. */
import type { ScenarioResult, StepResult } from '../../src/model/result.js';
import { curlCommand } from '../../src/report/curl.js';
import { createFailureGroups, describeInstances } from '../../src/report/failure-groups.js';
import { localTime } from '../../src/report/html-sections.js';
import { createLatencyStats, quantile } from '../../src/report/latency.js';

function step(status: number, durationMs: number, passed: boolean): StepResult {
  return {
    index: 0,
    name: 'GET /items',
    kind: 'request',
    outcome: passed ? 'passed' : 'failed',
    endpoint: 'GET /items',
    request: { method: 'GET', url: 'http://h/items' },
    response: { status, durationMs },
    retried: false,
    exchanges: [{ kind: 'request', method: 'GET', url: 'http://h/items', status, startMs: 0, durationMs }],
    tokenEvents: [],
    checks: [{ check: 'status', expected: 200, actual: status, passed }],
    startMs: 0,
    durationMs,
  };
}

function scenario(iteration: number, status: number, durationMs = 10): ScenarioResult {
  const passed = status === 200;
  return {
    index: iteration - 1,
    name: 'items',
    iteration,
    outcome: passed ? 'passed' : 'failed',
    steps: [step(status, durationMs, passed)],
    startMs: 0,
    durationMs,
  };
}

test('identical failures fold into one group with a count and compressed iteration ranges', () => {
  const groups = createFailureGroups();
  for (let i = 1; i <= 200; i++) groups.add('c.yaml', scenario(i, i === 50 ? 200 : i % 2 ? 500 : 404));
  const all = groups.all();
  expect(all.map((g) => [g.actual, g.count])).toEqual([
    ['500', 100],
    ['404', 99],
  ]);
  expect(groups.byScenario()).toHaveLength(1);
  expect(groups.byScenario()[0]!.failed).toBe(199);
  expect(describeInstances({ count: 3, iterations: [1, 2, 3, 7, 9, 10], rows: [] })).toBe(
    'iterations 1–3, 7, 9–10',
  );
  expect(describeInstances({ count: 1, iterations: [], rows: ['alice'] })).toBe('row alice');
});

test('latency p50 and p95 per endpoint (nearest rank)', () => {
  expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  const stats = createLatencyStats();
  for (let i = 1; i <= 100; i++) stats.add(scenario(i, 200, i));
  expect(stats.summary()).toEqual([{ endpoint: 'GET /items', count: 100, p50: 50, p95: 95, max: 100 }]);
});

test('curl: POSIX quoting, method and body only when needed', () => {
  expect(curlCommand({ method: 'GET', url: 'http://h/a?b=1&c=2' })).toBe("curl 'http://h/a?b=1&c=2'");
  expect(
    curlCommand({
      method: 'POST',
      url: 'http://h/x',
      headers: { authorization: 'Bearer *****' },
      body: `it's`,
    }),
  ).toBe(`curl -X POST http://h/x -H 'authorization: Bearer *****' --data-raw 'it'\\''s'`);
});

test('local time names its zone and offset', () => {
  expect(localTime('2026-01-15T12:00:00.000Z', 'Europe/Berlin')).toBe(
    '2026-01-15 13:00:00 Europe/Berlin (UTC+01:00)',
  );
  expect(localTime('2026-07-15T12:00:00.000Z', 'UTC')).toBe('2026-07-15 12:00:00 UTC');
  expect(localTime('2026-07-15T12:00:00.000Z', 'America/New_York')).toBe(
    '2026-07-15 08:00:00 America/New_York (UTC-04:00)',
  );
});

test('distinct failures beyond the cap are counted, not kept', () => {
  const groups = createFailureGroups();
  for (let i = 1; i <= 2100; i++) groups.add('c.yaml', scenario(i, 300 + i));
  expect(groups.all()).toHaveLength(2000);
  expect(groups.ungrouped()).toBe(100);
  expect(groups.byScenario()[0]!.failed).toBe(2100);
});
