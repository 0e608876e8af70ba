/**
 * The issuer's wiring: security filter chains, users, the signing key and the claims every access token carries.
 * Registered clients are plain Spring Boot properties ({@code spring.security.oauth2.authorizationserver.client}).
 */
package healthcheck.auth.config;
