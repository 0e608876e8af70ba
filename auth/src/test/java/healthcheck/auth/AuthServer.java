package healthcheck.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The issuer as a command-line client sees it: plain HTTP, a cookie jar for the login session, redirects read from
 * the Location header and never followed. Each instance is one client with its own session.
 */
final class AuthServer {

    static final String CLI_CLIENT = "healthcheck-cli";
    static final String CLI_REDIRECT = "http://127.0.0.1/callback";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String base;
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    AuthServer(int port) {
        this.base = "http://localhost:" + port;
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) {
        return postForm(path, form, null);
    }

    /** @param basicAuth {@code id:secret}, or null for none */
    HttpResponse<String> postForm(String path, Map<String, String> form, String basicAuth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (basicAuth != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request);
    }

    /** The authorization request a command-line client opens, for the given PKCE challenge and state. */
    String authorizeUrl(String codeChallenge, String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", CLI_CLIENT);
        query.put("redirect_uri", CLI_REDIRECT);
        query.put("scope", "openid");
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        query.put("state", state);
        return "/oauth2/authorize?" + encode(query);
    }

    /** The hidden CSRF token of Spring Security's login form. */
    static String csrfToken(String loginPage) {
        Matcher matcher = CSRF.matcher(loginPage);
        if (!matcher.find()) {
            throw new AssertionError("No _csrf input on the login page:\n" + loginPage);
        }
        return matcher.group(1);
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("No Location header, status " + response.statusCode()));
    }

    /** The decoded value of one query parameter of a URL, or null. */
    static String queryParameter(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (URLEncoder.encode(name, StandardCharsets.UTF_8).equals(kv[0])) {
                return kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            }
        }
        return null;
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** A PKCE code verifier: 32 random bytes, base64url (RFC 7636). */
    static String newCodeVerifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String codeVerifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static SignedJWT parse(String jwt) {
        try {
            return SignedJWT.parse(jwt);
        } catch (ParseException e) {
            throw new AssertionError("Not a signed JWT: " + jwt, e);
        }
    }

    /** Whether the token's signature verifies against the key with its kid in this server's /oauth2/jwks. */
    boolean verifiesAgainstPublishedKey(SignedJWT token) {
        try {
            JWKSet keys = JWKSet.parse(get("/oauth2/jwks").body());
            RSAKey key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
            return key != null && token.verify(new RSASSAVerifier(key.toRSAPublicKey()));
        } catch (ParseException | JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
