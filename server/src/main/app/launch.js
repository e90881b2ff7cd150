// SMART App Launch, standalone: the authorization server is the one the FHIR server names in
// .well-known/smart-configuration; authorization code with PKCE (S256) as a public client.
import { loadConfig, fhirBaseUrl, missingClientLibrary } from './session.js';

const config = await loadConfig();
if (!config.security) {
  location.replace('./');
} else if (!window.FHIR) {
  document.getElementById('status').hidden = true;
  const error = document.getElementById('error');
  error.textContent = missingClientLibrary;
  error.hidden = false;
} else {
  window.FHIR.oauth2.authorize({
    clientId: config.clientId,
    scope: config.scope,
    iss: fhirBaseUrl(config),
    redirectUri: 'index.html',
    pkceMode: 'required',
  });
}
