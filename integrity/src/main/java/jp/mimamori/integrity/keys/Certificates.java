package jp.mimamori.integrity.keys;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.CryptoException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A signer's certificate chain (DER X.509 certificates, leaf first) on the signing side: read from PEM, checked
 * against the key it is meant to certify, written back as PEM (docs/SECURITY.md G13). Checking a chain up to a
 * trust anchor is the verifier's {@link TrustStore#decide(KeyRole, VerifyingKey, List, java.util.Optional,
 * java.time.Instant)}; here only what a recorder can know of its own chain is checked: that every block is a
 * certificate and that the leaf certifies the signing key.
 *
 * <pre>{@code
 * List<byte[]> chain = Certificates.fromPem(Files.readString(Path.of("recorder-k1.chain.pem")), "--cert-chain");
 * Certificates.requireCertifies(chain, signingKey.verifyingKey(), "certChain", 4);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Certificates {
    private Certificates() {}

    /**
     * Every block of {@code pemText}, each a {@code CERTIFICATE} that parses as X.509, in order (leaf first).
     *
     * @param what names the input in messages (an option or file name)
     * @throws CryptoException if there is no block, a block is not a certificate, or a certificate is malformed
     */
    public static List<byte[]> fromPem(String pemText, String what) throws CryptoException {
        List<byte[]> out = new ArrayList<>();
        List<PemObject> blocks = Pem.readAll(pemText, what);
        for (int i = 0; i < blocks.size(); i++) {
            PemObject o = blocks.get(i);
            if (!"CERTIFICATE".equals(o.getType())) {
                throw new CryptoException(what + ": block " + i + " is a \"" + Pem.printable(o.getType())
                        + "\", not a CERTIFICATE");
            }
            if (certifiedKey(o.getContent()).isEmpty()) {
                throw new CryptoException(what + ": certificate " + i + " is malformed or certifies an unsupported key");
            }
            out.add(o.getContent());
        }
        return out;
    }

    /** {@code chain} as PEM text, one {@code CERTIFICATE} block per certificate, in order. */
    public static String toPem(List<byte[]> chain) {
        StringBuilder b = new StringBuilder();
        for (byte[] der : chain) {
            b.append(Pem.write("CERTIFICATE", der));
        }
        return b.toString();
    }

    /** The key a DER certificate certifies, or empty when it does not parse or its key is not one we use. */
    public static Optional<VerifyingKey> certifiedKey(byte[] der) {
        try {
            return Optional.of(VerifyingKey.fromSpki(new X509CertificateHolder(der).getSubjectPublicKeyInfo()));
        } catch (IOException | CryptoException | RuntimeException e) {
            return Optional.empty(); // a hostile certificate certifies nothing
        }
    }

    /**
     * Checks a chain a signer is configured with: empty (no chain), or at most {@code max} certificates that
     * parse, the first certifying {@code key}. Misconfiguration, not verification: the caller's mistake is an
     * {@link IllegalArgumentException} naming {@code field} (K3-2-4), in English and Japanese.
     */
    public static void requireCertifies(List<byte[]> chain, VerifyingKey key, String field, int max) {
        Objects.requireNonNull(chain, field);
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) {
            return;
        }
        if (chain.size() > max) {
            throw new IllegalArgumentException(field + ": " + chain.size() + " certificates, more than " + max
                    + " (K3-2-4) / 証明書チェーンは " + max + " 枚までです");
        }
        for (int i = 0; i < chain.size(); i++) {
            if (certifiedKey(Objects.requireNonNull(chain.get(i), field)).isEmpty()) {
                throw new IllegalArgumentException(field + "[" + i + "]: not a certificate of a supported key"
                        + " (K3-2-4) / 証明書として読めません");
            }
        }
        VerifyingKey leaf = certifiedKey(chain.get(0)).orElseThrow();
        if (!leaf.equals(key)) {
            throw new IllegalArgumentException(field + "[0]: the leaf certificate certifies key "
                    + leaf.keyId().substring(0, 16) + ", not the signing key " + key.keyId().substring(0, 16)
                    + " (K3-2-4) / 先頭の証明書が署名鍵を証明していません");
        }
    }
}
