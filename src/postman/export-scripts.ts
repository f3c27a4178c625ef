/**
 * The JavaScript that makes an exported collection authenticate itself in
 * newman 6 (postman-runtime 7.39) and the Postman app, where the OAuth2 helper
 * never fetches a token:
 * - the collection's pre-request script fetches a client-credentials token for a
 *   request whose Authorization is "Bearer {{gatecheck.token.<profile>}}", caches
 *   it with its expiry in collection variables, and refreshes it before it expires;
 * - the collection's test script, on a 401 for such a request, drops the token
 *   and repeats the request once (setNextRequest to itself);
 * - each request's test script skips its checks on the attempt being repeated.
 */
import type { AuthProfile } from '../model/collection.js';

type OAuth2 = Extract<AuthProfile, { type: 'oauth2' }>;

export const TOKEN_VAR = (profile: string) => `gatecheck.token.${profile}`;
/** First line of each request's test script: the step as written, so `gatecheck import` gets it back exactly. */
export const STEP_MARK = '// gatecheck-step: ';
/** The table of OAuth2 profiles in the collection's pre-request script. */
export const PROFILES_MARK = 'const GATECHECK_PROFILES = ';

const js = (lines: string[]) => lines.join('\n').split('\n');

export function collectionPrerequest(profiles: Record<string, OAuth2>): string[] {
  const table = Object.fromEntries(
    Object.entries(profiles).map(([name, p]) => [
      name,
      {
        tokenUrl: p.tokenUrl,
        clientId: p.clientId,
        clientSecret: p.clientSecret,
        clientAuth: p.clientAuth,
        scope: p.scope ?? '',
      },
    ]),
  );
  return js([
    '// gatecheck: OAuth2 client credentials. A request whose Authorization is',
    '// "Bearer {{gatecheck.token.<profile>}}" gets a token fetched once (form-urlencoded),',
    '// cached with its expiry in collection variables and refreshed before it expires.',
    `${PROFILES_MARK}${JSON.stringify(table)};`,
    '(function () {',
    "  const auth = String(pm.request.headers.get('Authorization') || '');",
    '  const match = /\\{\\{gatecheck\\.token\\.([^}]+)\\}\\}/.exec(auth);',
    '  const name = match && GATECHECK_PROFILES[match[1]] ? match[1] : null;',
    "  if (!name) { pm.collectionVariables.unset('gatecheck.profile'); return; }",
    "  pm.collectionVariables.set('gatecheck.profile', name);",
    "  const token = pm.collectionVariables.get('gatecheck.token.' + name);",
    "  const refreshAt = Number(pm.collectionVariables.get('gatecheck.refreshAt.' + name) || 0);",
    '  if (token && Date.now() < refreshAt) return;',
    '  const p = GATECHECK_PROFILES[name];',
    '  const v = function (s) { return pm.variables.replaceIn(s); };',
    "  const enc = function (s) { return encodeURIComponent(s).replace(/%20/g, '+'); };",
    "  const form = ['grant_type=client_credentials'];",
    "  if (p.scope) form.push('scope=' + enc(v(p.scope)));",
    "  const header = [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded' }, { key: 'Accept', value: 'application/json' }];",
    "  if (p.clientAuth === 'body') form.push('client_id=' + enc(v(p.clientId)), 'client_secret=' + enc(v(p.clientSecret)));",
    '  else {',
    "    const CryptoJS = require('crypto-js');",
    "    const pair = CryptoJS.enc.Utf8.parse(enc(v(p.clientId)) + ':' + enc(v(p.clientSecret)));",
    "    header.push({ key: 'Authorization', value: 'Basic ' + CryptoJS.enc.Base64.stringify(pair) });",
    '  }',
    "  pm.sendRequest({ url: v(p.tokenUrl), method: 'POST', header: header, body: { mode: 'raw', raw: form.join('&') } }, function (err, res) {",
    "    pm.collectionVariables.unset('gatecheck.token.' + name);",
    '    let body = null;',
    '    try { body = res.json(); } catch (e) { body = null; }',
    '    if (err || res.code < 200 || res.code >= 300 || !body || !body.access_token) {',
    "      console.error('gatecheck: token request for ' + name + ' failed: ' + (err ? err.message : res.code + ' ' + (body && (body.error || body.message) || '')));",
    '      return;',
    '    }',
    "    if (body.token_type !== undefined && String(body.token_type).toLowerCase() !== 'bearer') {",
    "      console.error('gatecheck: token request for ' + name + ' failed: token_type ' + body.token_type + ' is not bearer');",
    '      return;',
    '    }',
    '    const life = Number(body.expires_in);',
    "    pm.collectionVariables.set('gatecheck.token.' + name, body.access_token);",
    "    pm.collectionVariables.set('gatecheck.refreshAt.' + name, String(life > 0 ? Date.now() + life * 1000 - Math.min(30000, life * 100) : 8.64e15));",
    '  });',
    '})();',
  ]);
}

export function collectionTest(): string[] {
  return js([
    '// gatecheck: a 401 for a request with an OAuth2 profile drops the token and repeats the request once.',
    '(function () {',
    '  const id = pm.info.requestId;',
    "  if (pm.collectionVariables.get('gatecheck.retry') === id) {",
    "    pm.collectionVariables.unset('gatecheck.retry');",
    "    pm.collectionVariables.set('gatecheck.retried', id);",
    '    return;',
    '  }',
    "  pm.collectionVariables.unset('gatecheck.retried');",
    "  const name = pm.collectionVariables.get('gatecheck.profile');",
    '  if (name && pm.response.code === 401) {',
    "    pm.collectionVariables.unset('gatecheck.token.' + name);",
    "    pm.collectionVariables.set('gatecheck.retry', id);",
    '    if (pm.execution && pm.execution.setNextRequest) pm.execution.setNextRequest(id);',
    '    else postman.setNextRequest(id);',
    '  }',
    '})();',
  ]);
}

/** The helpers every request's checks use (lodash through `require`, not the deprecated `_` global). */
export function checkPrelude(jsonPathLibrary: string | undefined): string[] {
  const lines = [
    "if (pm.collectionVariables.get('gatecheck.retry') === pm.info.requestId) return; // repeated after a 401: the checks run on the repeat",
    'const gc = {',
    "  retried: pm.collectionVariables.get('gatecheck.retried') === pm.info.requestId,",
    '  failed: false,',
    "  lodash: require('lodash'),",
    '  v: function (x) { return typeof x === "string" ? pm.variables.replaceIn(x) : Array.isArray(x) ? x.map(gc.v) : x && typeof x === "object" ? gc.lodash.mapValues(x, gc.v) : x; },',
    '  json: function () { if (!gc.parsed) { try { gc.parsed = { ok: true, value: JSON.parse(pm.response.text()) }; } catch (e) { gc.parsed = { ok: false }; } } if (!gc.parsed.ok) throw new Error("response body is not JSON"); return gc.parsed.value; },',
    '  at: function (keys) { let v = gc.json(); for (let i = 0; i < keys.length; i++) { if (v === null || v === undefined || !Object.prototype.hasOwnProperty.call(Object(v), keys[i])) return { found: false }; v = v[keys[i]]; } return { found: true, value: v }; },',
    '  header: function (name) { const h = pm.response.headers.get(name); return h === undefined || h === null ? { found: false } : { found: true, value: h }; },',
    '  type: function (x) { return x === null ? "null" : Array.isArray(x) ? "array" : typeof x; },',
    '  check: function (name, fn) { pm.test(name, function () { try { fn(); } catch (e) { gc.failed = true; throw e; } }); },',
    '  capture: function (name, path, read) { let r; try { r = read(); } catch (e) { r = { found: false }; } if (r.found && r.value !== undefined) pm.collectionVariables.set(name, typeof r.value === "string" ? r.value : JSON.stringify(r.value)); else gc.check("capture " + name, function () { throw new Error(path + " found nothing"); }); },',
    '  next: function (id) { if (pm.execution && pm.execution.setNextRequest) pm.execution.setNextRequest(id); else postman.setNextRequest(id); },',
    '};',
  ];
  if (jsonPathLibrary !== undefined) {
    lines.push(
      '// jsonpath-plus (MIT), the JSONPath engine gatecheck uses, for paths beyond names and indices:',
      jsonPathLibrary,
      'const gcJsonPath = (typeof JSONPath !== "undefined" ? JSONPath : this.JSONPath).JSONPath;',
      'gc.query = function (path, definite) { const m = gcJsonPath({ path: path, json: gc.json(), wrap: true }); return !definite ? { found: true, value: m } : m.length > 0 ? { found: true, value: m[0] } : { found: false }; };',
    );
  }
  return js(lines);
}
