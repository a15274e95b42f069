package jp.mimamori.integrity.timestamp.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A small RFC 3161 time-stamping authority for tests and the demo — never for production evidence: its keys
 * live in memory. It makes a self-signed ECDSA P-256 CA and a TSA certificate issued by it with the critical
 * extended key usage {@code id-kp-timeStamping} (RFC 3161 §2.3), and answers requests with granted responses
 * signed by the TSA key (SHA-256, ESSCertIDv2), which {@code openssl ts -verify} accepts.
 */
public final class TestTsa {
    /** The policy OID of the test TSA's tokens (a private arc: tests only). */
    public static final String POLICY = "1.3.6.1.4.1.99999.3161.1";

    private final BouncyCastleProvider bc = new BouncyCastleProvider();
    private final X509CertificateHolder ca;
    private final X509CertificateHolder tsa;
    private final TimeStampTokenGenerator tokens;
    private long serial = 1;

    private TestTsa(SecureRandom random, Instant now) throws GeneralSecurityException, OperatorCreationException,
            IOException, TSPException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair caKeys = g.generateKeyPair();
        KeyPair tsaKeys = g.generateKeyPair();
        Date from = Date.from(now.minus(1, ChronoUnit.DAYS));
        Date to = Date.from(now.plus(3650, ChronoUnit.DAYS));
        X500Name caName = new X500Name("CN=Mimamori Test TSA Root,O=Mimamori (test only)");
        ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(bc).build(caKeys.getPrivate());
        ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, to, caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .build(caSigner);
        tsa = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, from, to,
                new X500Name("CN=Mimamori Test TSA,O=Mimamori (test only)"), tsaKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                .build(caSigner);
        tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().setProvider(bc).build("SHA256withECDSA",
                        tsaKeys.getPrivate(), new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                                .setProvider(bc).getCertificate(tsa)),
                new JcaDigestCalculatorProviderBuilder().setProvider(bc).build()
                        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                new ASN1ObjectIdentifier(POLICY));
        tokens.addCertificates(new org.bouncycastle.cert.jcajce.JcaCertStore(java.util.List.of(tsa)));
    }

    /** A new test TSA whose certificates are valid from a day before {@code now} for ten years. */
    public static TestTsa create(SecureRandom random, Instant now) throws IOException {
        try {
            return new TestTsa(random, now);
        } catch (GeneralSecurityException | OperatorCreationException | TSPException e) {
            throw new IOException("test TSA: " + e.getMessage(), e);
        }
    }

    /** Answers a DER TimeStampReq with a DER TimeStampResp stamped at {@code time}. */
    public synchronized byte[] respond(byte[] request, Instant time) throws IOException {
        try {
            TimeStampRequest req = new TimeStampRequest(request);
            TimeStampResponseGenerator g = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
            return g.generate(req, BigInteger.valueOf(serial++), Date.from(time)).getEncoded();
        } catch (TSPException | IllegalArgumentException e) {
            throw new IOException("test TSA: bad request: " + e.getMessage(), e);
        }
    }

    /** The root CA certificate (trust anchor). */
    public X509CertificateHolder caCertificate() {
        return ca;
    }

    /** The TSA's certificate. */
    public X509CertificateHolder tsaCertificate() {
        return tsa;
    }

    /** A certificate as PEM. */
    public static String pem(X509CertificateHolder cert) throws IOException {
        StringWriter w = new StringWriter();
        try (PemWriter pw = new PemWriter(w)) {
            pw.writeObject(new PemObject("CERTIFICATE", cert.getEncoded()));
        }
        return w.toString();
    }
}
