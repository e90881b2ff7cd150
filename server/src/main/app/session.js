// How the app talks to the server: with security off, directly; with security on, with the access token of
// a SMART standalone launch (fhirclient keeps it in sessionStorage and refreshes it).

export const missingClientLibrary = 'This server requires a SMART login, but the app was packaged without its '
  + 'client library (vendor/fhir-client.min.js: npm was not available when the server was built). '
  + 'Rebuild with Node.js/npm on the PATH.';

export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return response.json();
}

export function fhirBaseUrl(config) {
  return new URL(config.fhirBase, location.href).href.replace(/\/$/, '');
}

function relaunch() {
  location.replace('launch.html');
  throw new Error('The session has expired: signing in again…');
}

/**
 * @returns { base, user, call(path, init) } or null when the browser is being sent to the login
 */
export async function connect(config) {
  const base = fhirBaseUrl(config);
  if (!config.security) {
    return { base, user: null, call: (path, init = {}) => fetch(`${base}/${path}`, init) };
  }
  if (!window.FHIR) throw new Error(missingClientLibrary);
  const params = new URLSearchParams(location.search);
  if (params.has('error')) {
    throw new Error(`Sign-in failed: ${params.get('error')}${params.has('error_description') ? ` (${params.get('error_description')})` : ''}`);
  }
  let client;
  try {
    client = await window.FHIR.oauth2.ready();
  } catch (e) {
    if (params.has('code')) throw e;
    location.replace('launch.html');
    return null;
  }
  const claims = client.getIdToken() || {};
  return {
    base,
    user: claims.preferred_username || claims.sub || 'signed in',
    async call(path, init = {}) {
      const state = client.state;
      if (state.expiresAt && state.expiresAt - 10 < Date.now() / 1000) {
        // fhirclient refreshes only with offline_access/online_access; otherwise Keycloak's SSO session
        // lets launch.html get a fresh token without asking for the password again
        try {
          await client.refresh();
        } catch {
          return relaunch();
        }
      }
      const headers = new Headers(init.headers || {});
      headers.set('Authorization', `Bearer ${client.state.tokenResponse.access_token}`);
      const response = await fetch(`${base}/${path}`, { ...init, headers });
      return response.status === 401 ? relaunch() : response;
    },
  };
}
