package jp.mimamori.integrity.timestamp;

import java.io.IOException;
import java.io.StringReader;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

/**
 * Verifies an RFC 3161 time-stamp response (or bare token) over some data against trusted root
 * certificates: the response is granted, the token's signer certificate is in the token and issued by a
 * trusted root, the token's CMS signature verifies (Bouncy Castle also checks the critical
 * {@code id-kp-timeStamping} extended key usage and the ESS certificate id), and the message imprint is the
 * SHA-256 of the data. Anything else is {@code TIMESTAMP_INVALID}; never throws on hostile input.
 *
 * <p>Stateless (one shared Bouncy Castle provider, never registered); thread-safe.
 */
public final class TimestampVerifier {
    private TimestampVerifier() {}

    /** One provider instance, passed explicitly (never registered); building one costs tens of milliseconds. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /**
     * The outcome. Immutable and thread-safe.
     *
     * @param time     the token's genTime when valid, else empty
     * @param findings empty when valid
     * @param tsa      the subject of the TSA's certificate (RFC 4514) when valid, else empty
     */
    public record Result(Optional<Instant> time, List<Finding> findings, Optional<String> tsa) {
        /** Copies. */
        public Result {
            Objects.requireNonNull(time, "time");
            findings = List.copyOf(findings);
            Objects.requireNonNull(tsa, "tsa");
        }

        /** A result without the TSA's name. */
        public Result(Optional<Instant> time, List<Finding> findings) {
            this(time, findings, Optional.empty());
        }

        /** Whether the token is valid for the data. */
        public boolean valid() {
            return findings.isEmpty();
        }
    }

    /** Reads PEM certificates (trust anchors). */
    public static List<X509CertificateHolder> readCertificates(String pem) throws IOException {
        List<X509CertificateHolder> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder c) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Verifies {@code responseOrToken} (DER TimeStampResp or TimeStampToken) over {@code data}. */
    public static Result verify(byte[] responseOrToken, byte[] data, Collection<X509CertificateHolder> roots,
                                Location where) {
        try {
            Checked c = check(responseOrToken, data, roots);
            return new Result(Optional.of(c.time()), List.of(), Optional.of(c.tsa()));
        } catch (Exception | StackOverflowError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Result(Optional.empty(), List.of(Finding.of(VerificationCode.TIMESTAMP_INVALID, where,
                    LocalizedText.of("RFC 3161 タイムスタンプが検証できません: " + why, "RFC 3161 timestamp does not verify: " + why))));
        }
    }

    /**
     * Checks {@code responseOrToken} over {@code data} as far as it can without a trusted TSA root: it parses, its
     * signature verifies with the certificate it carries, and its imprint is the SHA-256 of the data. A sound token
     * is {@code TIMESTAMP_UNCHECKED} (INFO: who made it is not known), anything else {@code TIMESTAMP_INVALID}, so
     * that a damaged token is never passed over in silence. Never throws on hostile input.
     */
    public static Result inspect(byte[] responseOrToken, byte[] data, Location where) {
        try {
            Instant t = check(responseOrToken, data, null).time();
            return new Result(Optional.empty(), List.of(Finding.of(VerificationCode.TIMESTAMP_UNCHECKED, where,
                    LocalizedText.of("RFC 3161 タイムスタンプ (" + t + ") は形式と対象が正しいものの、TSA のルート証明書が与えられていないため発行者を確認していません",
                            "RFC 3161 timestamp (" + t + ") is well formed and covers the checkpoint, but no TSA root"
                                    + " was given to check who issued it"))));
        } catch (Exception | StackOverflowError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Result(Optional.empty(), List.of(Finding.of(VerificationCode.TIMESTAMP_INVALID, where,
                    LocalizedText.of("RFC 3161 タイムスタンプが壊れています: " + why, "RFC 3161 timestamp is damaged: " + why))));
        }
    }

    /** A token that checked: its time and its signer's subject. */
    private record Checked(Instant time, String tsa) {}

    /** Checks a token; {@code roots} null checks all but the chain to a trusted root. */
    private static Checked check(byte[] der, byte[] data, Collection<X509CertificateHolder> roots) throws Exception {
        TimeStampToken token;
        try {
            TimeStampResponse resp = new TimeStampResponse(der);
            if (resp.getStatus() > 1 || resp.getTimeStampToken() == null) {
                throw new IOException("the TSA did not grant the request (status " + resp.getStatus() + ")");
            }
            token = resp.getTimeStampToken();
        } catch (org.bouncycastle.tsp.TSPException | IOException | IllegalArgumentException | ClassCastException e) {
            token = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(der));
        }
        BouncyCastleProvider bc = BC;
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certs = token.getCertificates();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = certs.getMatches(token.getSID());
        if (matches.isEmpty()) {
            throw new IOException("the token does not carry its signer's certificate");
        }
        X509CertificateHolder signer = matches.iterator().next();
        boolean chained = roots == null;
        for (X509CertificateHolder root : roots == null ? List.<X509CertificateHolder>of() : roots) {
            if (root.getSubject().equals(signer.getIssuer())
                    && signer.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(bc).build(root))) {
                chained = true;
                break;
            }
        }
        if (!chained) {
            throw new IOException("the TSA certificate is not issued by a trusted root");
        }
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(bc).build(signer));
        if (!token.getTimeStampInfo().getMessageImprintAlgOID().equals(NISTObjectIdentifiers.id_sha256)) {
            throw new IOException("the message imprint is not SHA-256");
        }
        if (!MessageDigest.isEqual(token.getTimeStampInfo().getMessageImprintDigest(), Timestamps.sha256(data))) {
            throw new IOException("the token covers other data (message imprint differs)");
        }
        return new Checked(token.getTimeStampInfo().getGenTime().toInstant(), signer.getSubject().toString());
    }
}
