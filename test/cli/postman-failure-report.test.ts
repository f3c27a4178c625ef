/**
 * A failed Postman-mode request is reported as it was sent, as a failed gatecheck
 * step is: headers, a body excerpt, and a curl line that repeats the request.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everyReport, runCli } from '../helpers/cli.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

let echo: EchoServer;
beforeAll(async () => {
  echo = await startPostmanEcho();
});
afterAll(() => echo.close());

test('the JSON report and the HTML curl line carry the headers and body that were sent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-pm-failure-'));
  const file = join(dir, 'c.postman_collection.json');
  writeFileSync(
    file,
    JSON.stringify({
      info: {
        name: 'failure',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      item: [
        {
          name: 'post that fails its test',
          request: {
            method: 'POST',
            url: `${echo.url}/post`,
            header: [{ key: 'X-Trace', value: 'abc' }],
            body: { mode: 'raw', raw: '{"order": 42}', options: { raw: { language: 'json' } } },
          },
          event: [
            {
              listen: 'test',
              script: { exec: ["pm.test('is 201', () => pm.response.to.have.status(201));"] },
            },
          ],
        },
      ],
    }),
  );
  const { files, flags } = everyReport(dir);
  const r = await runCli(['run', file, ...flags]);
  expect(r.code).toBe(1);
  const report = JSON.parse(readFileSync(files.json, 'utf8')) as {
    runs: { scenarios: { steps: { request: Record<string, unknown> }[] }[] }[];
  };
  const request = report.runs[0]!.scenarios[0]!.steps[0]!.request;
  expect(request).toMatchObject({
    method: 'POST',
    headers: { 'x-trace': 'abc', 'content-type': 'application/json' },
    bodyExcerpt: '{"order": 42}',
  });
  const html = readFileSync(files.html, 'utf8');
  expect(html).toContain('-H &#39;x-trace: abc&#39;');
  expect(html).toContain('--data-raw &#39;{&quot;order&quot;: 42}&#39;');
});
