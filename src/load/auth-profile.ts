/** A raw auth profile -> its model AuthProfile, with the defaults the README documents. */
import type { AuthProfile, OAuth2Grant } from '../model/collection.js';
import type { RawProfile } from './raw.js';
import { OAUTH1_OPTIONAL_FIELDS } from '../auth/oauth1.js';

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
    case 'digest': {
      const optional = ['algorithm', 'realm', 'nonce', 'qop', 'opaque', 'nonceCount', 'clientNonce'] as const;
      return {
        type: 'digest',
        username: p.username ?? '',
        password: p.password ?? '',
        ...Object.fromEntries(optional.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])),
        ...(p.disableRetry ? { disableRetry: true } : {}),
      };
    }
    case 'oauth1': {
      const optional = OAUTH1_OPTIONAL_FIELDS;
      return {
        type: 'oauth1',
        consumerKey: p.consumerKey ?? '',
        consumerSecret: p.consumerSecret ?? '',
        signatureMethod: p.signatureMethod ?? 'HMAC-SHA1',
        // RFC 5849 makes oauth_version optional; Postman's default sends 1.0.
        version: p.version ?? '1.0',
        in: p.in === 'query' ? 'query' : 'header',
        includeBodyHash: p.includeBodyHash === true,
        addEmptyParamsToSign: p.addEmptyParamsToSign === true,
        disableHeaderEncoding: p.disableHeaderEncoding === true,
        // A timestamp may be written as a number.
        ...Object.fromEntries(optional.filter((k) => p[k] !== undefined).map((k) => [k, String(p[k])])),
      };
    }
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
