/** A raw auth profile -> its model AuthProfile, with the defaults the README documents. */
import type { AuthProfile, OAuth2Grant } from '../model/collection.js';
import type { RawProfile } from './raw.js';

export function toProfile(p: RawProfile): AuthProfile {
  switch (p.type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: p.username ?? '', password: p.password ?? '' };
    case 'bearer':
      return { type: 'bearer', token: p.token ?? '' };
    case 'apiKey':
      return {
        type: 'apiKey',
        in: p.in === 'query' ? 'query' : 'header',
        name: p.name ?? '',
        value: p.value ?? '',
      };
    case 'session':
      return {
        type: 'session',
        loginUrl: p.loginUrl ?? '',
        login: p.login ?? { username: '', password: '' },
      };
    case 'oauth2':
      return {
        type: 'oauth2',
        grant: (p.grant as OAuth2Grant | undefined) ?? 'client_credentials',
        tokenUrl: p.tokenUrl ?? '',
        clientId: p.clientId ?? '',
        clientSecret: p.clientSecret ?? '',
        clientAuth: p.clientAuth === 'body' ? 'body' : 'basic',
        scope: p.scope || undefined,
        ...(p.authUrl !== undefined ? { authUrl: p.authUrl } : {}),
        ...(p.redirectUri !== undefined ? { redirectUri: p.redirectUri } : {}),
        ...(p.login ? { login: p.login } : {}),
        ...(p.pkce ? { pkce: true } : {}),
        ...(p.audience !== undefined ? { audience: p.audience } : {}),
        ...(p.resource !== undefined ? { resource: p.resource } : {}),
        ...(p.params ? { params: p.params } : {}),
      };
  }
}
