package jp.mimamori.integrity.timestamp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import jp.mimamori.integrity.timestamp.internal.TestTsa;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;

/**
 * RFC 3161 requests: a SHA-256 message imprint of the data (for the log, the checkpoint note's bytes), a
 * random nonce, and a request for the TSA's certificate in the token.
 *
 * <pre>{@code
 * byte[] req = Timestamps.request(checkpointBytes, new SecureRandom());
 * byte[] resp = tsa.respond(req, Instant.now());  // any RFC 3161 TSA over HTTP, or the TestTsa
 * TimestampVerifier.Result r = TimestampVerifier.verify(resp, checkpointBytes, trustedRoots,
 *         Location.entry("checkpoint"));
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class Timestamps {
    private Timestamps() {}

    /** The DER of a TimeStampReq for {@code data}. */
    public static byte[] request(byte[] data, SecureRandom random) throws IOException {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest req = g.generate(NISTObjectIdentifiers.id_sha256, sha256(data),
                new BigInteger(64, random));
        return req.getEncoded();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
