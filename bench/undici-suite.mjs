// The bare baseline: the benchmark suite written by hand with undici's request(),
// one token fetch, the same 5 requests and 7 checks per round, N rounds with C in flight.
// Usage: node bench/undici-suite.mjs <baseUrl> <rounds> <concurrency>
import { Agent, request } from 'undici';

const [base, roundsArg = '1', concArg = '1'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const client = basic('Te8yn-qGmBoX6jzpPhnUXA..', '7KZWVPkkzNZ_gpcS0l-YFw..');
const user = basic('qa_user', 'qa_password');
let failed = 0;
const check = (ok) => {
  if (!ok) failed++;
};

const token = await (
  await request(`${base}/ords/myapi/oauth/token`, {
    method: 'POST',
    dispatcher,
    body: 'grant_type=client_credentials',
    headers: { authorization: client, 'content-type': 'application/x-www-form-urlencoded' },
  })
).body.json();
const bearer = `Bearer ${token.access_token}`;

async function round() {
  let r = await request(`${base}/ords/myapi/public/items`, { dispatcher });
  check(r.statusCode === 200);
  check((await r.body.json()).count === 3);
  r = await request(`${base}/ords/myapi/myapi/hello`, {
    method: 'POST',
    dispatcher,
    headers: { authorization: bearer },
  });
  check(r.statusCode === 200);
  check((await r.body.json()).message === 'Secure Hello World');
  r = await request(`${base}/ords/myapi/myapi/hello`, { dispatcher, headers: { authorization: bearer } });
  check(r.statusCode === 200);
  await r.body.dump();
  r = await request(`${base}/ords/myapi/myapi/hello`, {
    method: 'POST',
    dispatcher,
    headers: { authorization: user },
  });
  check(r.statusCode === 200);
  await r.body.dump();
  r = await request(`${base}/ords/myapi/myapi/hello`, { method: 'POST', dispatcher });
  check(r.statusCode === 401);
  await r.body.dump();
}

let next = 0;
await Promise.all(
  Array.from({ length: Number(concArg) }, async () => {
    while (next++ < rounds) await round();
  }),
);
await dispatcher.close();
process.exitCode = failed > 0 ? 1 : 0;
