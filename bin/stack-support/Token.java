import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints an access token for a user of the stack's issuer, got the way a browser gets one: OAuth 2.1 authorization
 * code with PKCE (the public client healthcheck-cli), logging in on the issuer's own login form. No password grant
 * and no back door: the issuer cannot tell this from a person at a browser. Usage (bin/stack token NAME):
 *
 *   java Token.java ISSUER_URL NAME PASSWORD
 *
 * A tool's own token instead (bin/stack dlq), by client credentials with the client's secret:
 *
 *   java Token.java ISSUER_URL --client CLIENT_ID SECRET SCOPE
 */
public class Token {

    static final String CLIENT = "healthcheck-cli";
    static final String REDIRECT = "http://127.0.0.1/callback";

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[1].equals("--client")) {
            clientCredentials(args[0].replaceAll("/+$", ""), args[2], args[3], args[4]);
            return;
        }
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: Token ISSUER_URL NAME PASSWORD | Token ISSUER_URL --client ID SECRET SCOPE");
        }
        String issuer = args[0].replaceAll("/+$", "");
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String state = Long.toHexString(new SecureRandom().nextLong());

        String authorize = issuer + "/oauth2/authorize?response_type=code&client_id=" + CLIENT
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=openid&state=" + state
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        HttpResponse<String> toLogin = get(http, authorize);
        String loginPage = get(http, resolve(issuer, location(toLogin))).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        if (!csrf.find()) {
            throw new IllegalStateException("the issuer's login page has no CSRF token");
        }
        HttpResponse<String> loggedIn = http.send(HttpRequest.newBuilder(URI.create(issuer + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(args[1]) + "&password=" + enc(args[2])
                        + "&_csrf=" + enc(csrf.group(1)))).build(), HttpResponse.BodyHandlers.ofString());
        String back = location(loggedIn);
        if (back.contains("/login?error")) {
            System.err.println("token: the issuer refused " + args[1] + "'s password");
            System.exit(2);
        }
        String callback = location(get(http, resolve(issuer, back)));
        if (!callback.startsWith(REDIRECT)) {
            throw new IllegalStateException("the issuer did not hand out a code: " + callback);
        }
        String code = null;
        for (String pair : URI.create(callback).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            } else if (pair.startsWith("state=") && !pair.equals("state=" + state)) {
                throw new IllegalStateException("the state came back changed");
            }
        }
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code)
                        + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + CLIENT + "&code_verifier=" + verifier))
                .build(), HttpResponse.BodyHandlers.ofString());
        printAccessToken(token);
    }

    static void clientCredentials(String issuer, String client, String secret, String scope) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String basic = Base64.getEncoder().encodeToString(
                (enc(client) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
        printAccessToken(http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + enc(scope)))
                .build(), HttpResponse.BodyHandlers.ofString()));
    }

    static void printAccessToken(HttpResponse<String> token) {
        Matcher access = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
        if (token.statusCode() != 200 || !access.find()) {
            throw new IllegalStateException("the token endpoint answered " + token.statusCode());
        }
        System.out.println(access.group(1));
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                response.uri() + " answered " + response.statusCode() + " without a redirect"));
    }

    static String resolve(String issuer, String location) {
        return location.startsWith("http") ? location : issuer + location;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
