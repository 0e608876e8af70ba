package healthcheck.auth.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA key that signs every token. Its {@code kid} is the key's RFC 7638 thumbprint, so the same key file gives
 * the same {@code kid} after every restart and on every replica, and the services' cached JWK sets stay valid.
 */
@Configuration(proxyBeanMethods = false)
class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthProperties properties, ResourceLoader resources) {
        RSAKey key = properties.hasSigningKeyLocation()
                ? load(resources.getResource(properties.signingKeyLocation().strip()))
                : generate();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    static RSAKey load(Resource location) {
        byte[] pem;
        try (InputStream in = location.getInputStream()) {
            pem = in.readAllBytes();
        } catch (IOException e) {
            throw invalid(location, "cannot be read (" + e.getMessage() + ")", e);
        }
        RSAPrivateKey privateKey;
        try {
            privateKey = RsaKeyConverters.pkcs8().convert(new ByteArrayInputStream(pem));
        } catch (RuntimeException e) {
            // the usual mistake is a PKCS#1 file (BEGIN RSA PRIVATE KEY): say how to convert it
            throw invalid(location, "is not a PKCS#8 PEM RSA private key (-----BEGIN PRIVATE KEY-----; convert "
                    + "with `openssl pkcs8 -topk8 -nocrypt`): " + e.getMessage(), e);
        }
        // the JWK set publishes the public half; a PKCS#8 RSA key carries the public exponent to derive it from
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw invalid(location, "holds no public exponent (not a CRT RSA key), so its public key cannot be derived",
                    null);
        }
        RSAPublicKey publicKey;
        try {
            publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw invalid(location, "gives no usable RSA public key: " + e.getMessage(), e);
        }
        RSAKey key = withThumbprintKid(publicKey, privateKey);
        log.info("Signing tokens with the RSA key from {} (kid {})", location.getDescription(), key.getKeyID());
        return key;
    }

    private static RSAKey generate() {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No RSA key pair generator in this JVM", e);
        }
        RSAKey key = withThumbprintKid((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
        log.warn("No signing key configured (healthcheck.auth.signing-key-location / AUTH_SIGNING_KEY_LOCATION): "
                + "generated a fresh RSA key (kid {}). Tokens will not survive a restart of auth; development only.",
                key.getKeyID());
        return key;
    }

    private static RSAKey withThumbprintKid(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        RSAKey publicOnly = new RSAKey.Builder(publicKey).build();
        try {
            return new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyID(publicOnly.computeThumbprint().toString())
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the signing key's thumbprint", e);
        }
    }

    private static IllegalStateException invalid(Resource location, String problem, Exception cause) {
        return new IllegalStateException("The token signing key at " + location.getDescription()
                + " (healthcheck.auth.signing-key-location / AUTH_SIGNING_KEY_LOCATION) " + problem, cause);
    }
}
