package jp.mimamori.recorder.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.keys.Certificates;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.recorder.internal.LoggedSegments;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * How a {@link Recorder} is opened: the recorder's signing key, the key-encryption key (KEK) that wraps each
 * segment's data key (empty for a plain store), the chunk size for footage that is not MPEG-TS, what
 * to do with a segment a crash left unsealed, where each sealed segment is recorded in the evidence log
 * ({@code segment.sealed}, {@link #withEvidenceLog}) and how often the recorder signs a checkpoint of that log
 * ({@link #withAnchoring}). The KEK comes from the caller (a key file outside the store, an HSM, a KMS): the
 * recorder never stores it. With a certificate chain for the signing key ({@link #withCertChain}, issued by the
 * city's CA for its recorders), every signature file carries it, so a verifier that holds only the CA certificate
 * trusts the key (docs/SECURITY.md G13). Immutable; thread-safe.
 *
 * <pre>{@code
 * RecorderOptions o = RecorderOptions.encrypted(signingKey, kek)
 *         .withCertChain(Certificates.fromPem(Files.readString(Path.of("recorder-k1.chain.pem")), "chain"))
 *         .withAnchoring(evidenceLog, logKey, Duration.ofMinutes(1), Clock.systemUTC());
 * }</pre>
 *
 * @param signingKey the recorder's manifest signing key
 * @param kek        the key-encryption key of an encrypted store, or empty for a plain one
 * @param chunkSize  unit size for footage that is not MPEG-TS, in bytes (at least 1)
 * @param tailPolicy what to do with a segment a crash left unsealed
 * @param segmentLog where each sealed segment is recorded in the evidence log, once its files are durable and
 *                   before its chain state moves on ({@link SegmentLog#none()} records nothing)
 * @param anchoring  the checkpoints the recorder signs of its evidence log while it is open, if any
 * @param certChain  the signing key's X.509 certificate chain, DER, leaf first (at most
 *                   {@link ManifestSignature#MAX_CHAIN}), carried in every {@code manifest.sig.json}; empty for none
 */
public record RecorderOptions(SigningKey signingKey, Optional<KeyEncryptionKey> kek, int chunkSize,
                              TailPolicy tailPolicy, SegmentLog segmentLog, Optional<Anchoring> anchoring,
                              List<byte[]> certChain) {
    /** The default chunk size: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    /**
     * Checkpoints the recorder signs of its evidence log: every {@code every} while it is open (when the log
     * grew) and once at close, so each {@code segment.sealed} record is anchored without an extra step
     * (DESIGN.md invariant 4; {@code jp.mimamori.recorder.anchor.CheckpointSchedule}).
     *
     * @param log       the evidence log (the caller opens and closes it, after the recorder)
     * @param signer    the log's signed-note key; its name is the checkpoints' origin
     * @param cosigners cosigners (witness keys held locally), usually none
     * @param every     the interval
     * @param clock     the checkpoints' time
     */
    public record Anchoring(TransparentEvidenceLog log, NoteSigner signer, List<NoteSigner> cosigners,
                            Duration every, Clock clock) {
        /** Validates. */
        public Anchoring {
            Objects.requireNonNull(log, "anchoring.log");
            Objects.requireNonNull(signer, "anchoring.signer");
            cosigners = List.copyOf(Objects.requireNonNull(cosigners, "anchoring.cosigners"));
            Objects.requireNonNull(clock, "anchoring.clock");
            if (every == null || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("anchoring.every: must be a positive duration");
            }
        }
    }

    /** Validates. */
    public RecorderOptions {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(tailPolicy, "tailPolicy");
        Objects.requireNonNull(segmentLog, "segmentLog");
        Objects.requireNonNull(anchoring, "anchoring");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize: must be >= 1");
        }
        // A chain whose leaf certifies another key would make every segment KEY_UNTRUSTED: refuse it here.
        Certificates.requireCertifies(Objects.requireNonNull(certChain, "certChain"), signingKey.verifyingKey(),
                "certChain", ManifestSignature.MAX_CHAIN);
        certChain = certChain.stream().map(byte[]::clone).toList();
    }

    /** Options without a certificate chain. */
    public RecorderOptions(SigningKey signingKey, Optional<KeyEncryptionKey> kek, int chunkSize,
                           TailPolicy tailPolicy, SegmentLog segmentLog, Optional<Anchoring> anchoring) {
        this(signingKey, kek, chunkSize, tailPolicy, segmentLog, anchoring, List.of());
    }

    /** The {@code certChain} component, as copies. */
    @Override
    public List<byte[]> certChain() {
        return certChain.stream().map(byte[]::clone).toList();
    }

    /**
     * These options with {@code chain} (DER, leaf first; empty for none) as the signing key's certificate chain,
     * carried in every signature file the recorder writes.
     *
     * @throws IllegalArgumentException naming {@code certChain} if the leaf does not certify the signing key,
     *                                  a certificate does not parse, or there are more than
     *                                  {@link ManifestSignature#MAX_CHAIN}
     */
    public RecorderOptions withCertChain(List<byte[]> chain) {
        return new RecorderOptions(signingKey, kek, chunkSize, tailPolicy, segmentLog, anchoring, chain);
    }

    /** An encrypted store (the default for footage): each segment under its own data key wrapped by {@code kek}. */
    public static RecorderOptions encrypted(SigningKey signingKey, KeyEncryptionKey kek) {
        return new RecorderOptions(signingKey, Optional.of(Objects.requireNonNull(kek, "kek")),
                DEFAULT_CHUNK_SIZE, TailPolicy.SEAL_RECOVERED, SegmentLog.none(), Optional.empty());
    }

    /** A plain store: segments kept unencrypted (an explicit choice). */
    public static RecorderOptions plain(SigningKey signingKey) {
        return new RecorderOptions(signingKey, Optional.empty(), DEFAULT_CHUNK_SIZE,
                TailPolicy.SEAL_RECOVERED, SegmentLog.none(), Optional.empty());
    }

    /** These options with another chunk size. */
    public RecorderOptions withChunkSize(int size) {
        return new RecorderOptions(signingKey, kek, size, tailPolicy, segmentLog, anchoring, certChain);
    }

    /** These options with another tail policy. */
    public RecorderOptions withTailPolicy(TailPolicy policy) {
        return new RecorderOptions(signingKey, kek, chunkSize, policy, segmentLog, anchoring, certChain);
    }

    /**
     * These options recording every sealed segment in the evidence log through {@code log} (DESIGN.md: the log
     * knows every segment that ever existed, so a verifier given it finds the newest ones deleted too).
     */
    public RecorderOptions withSegmentLog(SegmentLog log) {
        return new RecorderOptions(signingKey, kek, chunkSize, tailPolicy, log, anchoring, certChain);
    }

    /**
     * These options recording every sealed segment in the recorder's own evidence log, which the recorder reads
     * back after a crash: a segment whose files became durable just before a crash, and whose
     * {@code segment.sealed} record may not have been appended, is recorded when the camera reopens — exactly
     * once. Checkpoints are someone else's (for example {@code mimamori log checkpoint}); see
     * {@link #withAnchoring}.
     */
    public RecorderOptions withEvidenceLog(TransparentEvidenceLog log, Clock clock) {
        return withSegmentLog(new LoggedSegments(log, clock));
    }

    /**
     * These options recording every sealed segment in {@code log} ({@link #withEvidenceLog}) and signing a
     * checkpoint of it with {@code logKey} every {@code every} while the recorder is open and once when it
     * closes ({@link Recorder#close()}).
     */
    public RecorderOptions withAnchoring(TransparentEvidenceLog log, NoteSigner logKey, Duration every, Clock clock) {
        return new RecorderOptions(signingKey, kek, chunkSize, tailPolicy, new LoggedSegments(log, clock),
                Optional.of(new Anchoring(log, logKey, List.of(), every, clock)), certChain);
    }
}
