/**
 * The stack's OAuth2/OIDC issuer (Spring Authorization Server): logs the demo users in and signs the access tokens
 * that the gateway and the services check (issuer, audience {@code healthcheck}, roles, 15 minutes). It keeps no
 * state beyond the process: users and clients come from configuration, authorizations live in memory.
 */
package healthcheck.auth;
