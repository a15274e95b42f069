package jp.mimamori.integrity.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/** ECDSA P-256 / SHA-256 with Bouncy Castle's optimized custom curve; DER signatures, strictly parsed. */
final class P256 {
    /** Bouncy Castle's hand-optimized P-256 field arithmetic (much faster than the generic curve). */
    static final X9ECParameters X9 = CustomNamedCurves.getByName("P-256");
    static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, X9);
    static final BigInteger N = DOMAIN.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private P256() {}

    static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** d·G. */
    static ECPoint publicPoint(BigInteger d) {
        return new org.bouncycastle.math.ec.FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize();
    }

    /** RFC 6979 deterministic ECDSA, normalized to low S, DER-encoded. */
    static byte[] sign(byte[] d32, byte[] data) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, d32), DOMAIN));
        BigInteger[] rs = signer.generateSignature(sha256(data));
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
        try {
            return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1Integer(rs[0]), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    /**
     * Verifies a DER signature. Anything but the unique DER encoding of {@code SEQUENCE {INTEGER r,
     * INTEGER s}} with {@code 0 < r, s < n} is rejected (BER variants, trailing bytes, P1363 raw {@code r||s}).
     * Both low and high S verify, as in standard ECDSA.
     */
    static boolean verify(ECPublicKeyParameters pub, byte[] sig, byte[] data) {
        if (sig == null || sig.length < 8 || sig.length > 72 || sig[0] != 0x30) {
            return false;
        }
        BigInteger r;
        BigInteger s;
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(sig);
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 2
                    || !(seq.getObjectAt(0) instanceof ASN1Integer ri)
                    || !(seq.getObjectAt(1) instanceof ASN1Integer si)) {
                return false;
            }
            if (!Arrays.equals(p.getEncoded(ASN1Encoding.DER), sig)) {
                return false;
            }
            r = ri.getValue();
            s = si.getValue();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, pub);
        return verifier.verifySignature(sha256(data), r, s);
    }
}
