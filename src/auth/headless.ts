/**
 * A browser without a screen, for sign-in pages: follows redirects, keeps
 * cookies, fills and submits a login form (a password field and the user-name
 * field next to it), approves a consent form, follows a "sign in" link (ORDS
 * answers 401 with one), and stops at the redirect the caller is waiting for,
 * which it never requests. Used by the authorization code and implicit grants
 * and by session profiles.
 */
import type { CookieJar } from 'tough-cookie';
import type * as Tough from 'tough-cookie';
import { createRequire } from 'node:module';
import type { HttpClient, HttpResponse, OutgoingRequest } from '../http/client.js';
import type { Login } from '../model/collection.js';
import { readForms, readLinks, type HtmlForm } from './html-forms.js';
import { TokenError } from './oauth2.js';

const MAX_HOPS = 25;
const APPROVE = /approve|allow|accept|authori[sz]e|consent|continue|confirm|grant|yes/i;
const DENY = /deny|cancel|reject|abort|no\b/i;
const SIGN_IN_LINK = /sign[\s-]?in|log[\s-]?in/i;
const USER_FIELD = /user|login|email|account|j_username|^id$/i;

export interface WalkOptions {
  http: HttpClient;
  timeoutMs: number;
  login: Login;
  jar: CookieJar;
  /** Records each hop (exchange, trace). */
  record: (request: OutgoingRequest, response: HttpResponse | undefined, error?: string) => void;
  /** A redirect target that ends the walk; it is returned, not requested. */
  isDone?: (location: URL) => boolean;
}

export interface WalkResult {
  /** The redirect that ended the walk, or the page where it came to rest. */
  location: URL;
  response?: HttpResponse;
  signedIn: boolean;
}

export async function walk(start: string, o: WalkOptions): Promise<WalkResult> {
  let next: { method: string; url: URL; body?: string } = { method: 'GET', url: new URL(start) };
  let logins = 0;
  let approvals = 0;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const res = await send(o, next.method, next.url, next.body);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      const target = new URL(location, next.url);
      if (o.isDone?.(target)) return { location: target, response: res, signedIn: logins > 0 };
      next = { method: 'GET', url: target };
      continue;
    }
    const forms = (res.headers['content-type'] ?? '').includes('html') ? readForms(res.body) : [];
    const login = forms.find((f) => f.inputs.some((i) => i.type === 'password'));
    if (login) {
      if (logins++ > 0)
        throw new TokenError(
          `sign-in as ${o.login.username} failed: the login form came back (${res.status} ${next.url.pathname})`,
          res.status,
        );
      next = submit(login, next.url, fillLogin(login, o.login));
      continue;
    }
    const consent = forms.find((f) => f.buttons.some((b) => APPROVE.test(b.text || b.value || '')));
    if (consent && approvals++ < 3) {
      const button = consent.buttons.find((b) => APPROVE.test(b.text || b.value || '') && !DENY.test(b.text));
      const values = hidden(consent);
      if (button?.name) values.push([button.name, button.value ?? '']);
      next = submit(consent, next.url, values);
      continue;
    }
    const link = readLinks(res.body).find((l) => SIGN_IN_LINK.test(l.text) && l.href !== '');
    if (link && logins === 0) {
      next = { method: 'GET', url: new URL(link.href, next.url) };
      continue;
    }
    if (!o.isDone) return { location: next.url, response: res, signedIn: logins > 0 };
    throw new TokenError(
      `sign-in stopped at ${res.status} ${next.url.origin}${next.url.pathname}: no redirect, login form, consent form or sign-in link`,
      res.status,
    );
  }
  throw new TokenError(`sign-in did not finish within ${MAX_HOPS} redirects and forms`);
}

async function send(o: WalkOptions, method: string, url: URL, body?: string): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  const cookie = await o.jar.getCookieString(url.href);
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const request: OutgoingRequest = { method, url: url.href, headers, body, timeoutMs: o.timeoutMs };
  let res: HttpResponse;
  try {
    res = await o.http.send(request);
  } catch (error) {
    o.record(request, undefined, (error as Error).message);
    throw error;
  }
  o.record(request, res);
  for (const c of res.setCookies ?? []) await o.jar.setCookie(c, url.href, { ignoreError: true });
  return res;
}

function fillLogin(form: HtmlForm, login: Login): [string, string][] {
  const password = form.inputs.find((i) => i.type === 'password');
  const texts = form.inputs.filter((i) => ['text', 'email', ''].includes(i.type));
  const user = texts.find((i) => USER_FIELD.test(i.name)) ?? texts[0];
  const values = form.inputs
    .filter((i) => i !== password && i !== user && ['hidden', 'text', 'email'].includes(i.type))
    .map((i): [string, string] => [i.name, i.value]);
  if (user) values.push([user.name, login.username]);
  if (password) values.push([password.name, login.password]);
  const button = form.buttons.find((b) => b.name);
  if (button?.name) values.push([button.name, button.value ?? '']);
  return values;
}

function hidden(form: HtmlForm): [string, string][] {
  return form.inputs.filter((i) => i.type === 'hidden').map((i) => [i.name, i.value]);
}

function submit(
  form: HtmlForm,
  page: URL,
  values: [string, string][],
): { method: string; url: URL; body?: string } {
  const url = new URL(form.action || page.href, page);
  const encoded = new URLSearchParams(values).toString();
  if (form.method === 'POST') return { method: 'POST', url, body: encoded };
  url.search = encoded;
  return { method: 'GET', url };
}

/** tough-cookie is loaded when a jar is first needed: a run without cookies never pays for it. */
export async function newJar(): Promise<CookieJar> {
  // require, not import(): the command bundle runs as a script with a code cache, where import() is not available.
  const { CookieJar: Jar } = createRequire(import.meta.url)('tough-cookie') as typeof Tough;
  return new Jar();
}
