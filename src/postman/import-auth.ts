/** Postman auth blocks (collection, folder, request) as named gatecheck auth profiles. */
import { oauth2Profile } from './import-gatecheck.js';
import type { PmAuth, PmAuthAttribute } from './types.js';

/** Auth blocks -> named profiles, one per distinct setting. */
export class ProfileTable {
  private readonly profiles = new Map<string, { name: string; profile: Record<string, string> }>();
  /** Each kind of warning once per collection, not once per inheriting request. */
  private readonly warned = new Set<string>();

  constructor(private readonly file: string) {}

  private warnOnce(warnings: string[], key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    warnings.push(`${this.file}: ${message}`);
  }

  get size(): number {
    return this.profiles.size;
  }

  /** The profile name for an auth block ('none' for noauth); inherit blocks return undefined. */
  register(name: string, profile: Record<string, string>): void {
    this.profiles.set(JSON.stringify(profile), { name, profile });
  }

  name(auth: PmAuth, warnings: string[], where: string, preferred?: string): string | undefined {
    const attrs = (type: string) =>
      attributes(auth[type] as PmAuthAttribute[] | Record<string, unknown> | undefined);
    let profile: Record<string, string>;
    switch (auth.type) {
      case 'noauth':
        return 'none';
      case 'inherit':
        return undefined;
      case 'basic': {
        const a = attrs('basic');
        profile = { type: 'basic', username: a.username ?? '', password: a.password ?? '' };
        break;
      }
      case 'bearer':
        profile = { type: 'bearer', token: attrs('bearer').token ?? '' };
        break;
      case 'oauth2': {
        const a = attrs('oauth2');
        const grant = a.grant_type || 'authorization_code';
        if (grant === 'client_credentials' && a.accessTokenUrl && a.clientId) {
          profile = oauth2Profile(
            a.accessTokenUrl,
            a.clientId,
            a.clientSecret,
            a.client_authentication === 'body',
            a.scope,
          );
          break;
        }
        // newman sends the token the Postman app stored; so does gatecheck for grants it does not run.
        this.warnOnce(
          warnings,
          `oauth2:${grant}`,
          `OAuth2 ${grant} auth sends the access token stored in the collection (as newman does); gatecheck fetches tokens only for client_credentials blocks with accessTokenUrl and clientId`,
        );
        profile = { type: 'bearer', token: a.accessToken ?? '' };
        preferred ??= 'oauth2-stored-token';
        break;
      }
      default:
        this.warnOnce(
          warnings,
          `auth:${auth.type}`,
          `"${where}": ${auth.type} auth is not supported; requests that use it run without it`,
        );
        return 'none';
    }
    const key = JSON.stringify(profile);
    const existing = this.profiles.get(key);
    if (existing) return existing.name;
    const base =
      preferred ??
      (profile.type === 'oauth2'
        ? 'oauth2-client'
        : profile.type === 'basic'
          ? 'basic-user'
          : 'bearer-token');
    let name = base;
    for (let n = 2; [...this.profiles.values()].some((p) => p.name === name); n++) name = `${base}-${n}`;
    this.profiles.set(key, { name, profile });
    return name;
  }

  toYaml(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.profiles.values()].map((p) => [p.name, p.profile]));
  }
}

/** v2.1 lists `[{ key, value }]`; v2.0 used plain objects. */
function attributes(value: PmAuthAttribute[] | Record<string, unknown> | undefined): Record<string, string> {
  if (!value) return {};
  if (Array.isArray(value))
    return Object.fromEntries(
      value.map((a) => [a.key, a.value === undefined || a.value === null ? '' : String(a.value)]),
    );
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
