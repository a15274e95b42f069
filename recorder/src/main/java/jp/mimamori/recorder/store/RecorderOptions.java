package jp.mimamori.recorder.store;

import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * How a {@link Recorder} is opened: the recorder's signing key, the key-encryption key (KEK) that wraps each
 * segment's data key (empty for a plain store), the site's operating rules and guideline profile when the
 * recorder also serves retention and access decisions, the chunk size for footage that is not MPEG-TS, and what
 * to do with a segment a crash left unsealed, and where each sealed segment is recorded in the evidence log
 * ({@code segment.sealed}, {@link #withSegmentLog}). The KEK comes from the caller (a key file outside the store, an
 * HSM, a KMS): the recorder never stores it. Immutable; thread-safe.
 *
 * <pre>{@code
 * RecorderOptions o = RecorderOptions.encrypted(signingKey, kek).withSite(rules, profile)
 *         .withSegmentLog(SegmentLog.to(evidenceLog, Clock.systemUTC()));
 * }</pre>
 *
 * @param signingKey the recorder's manifest signing key
 * @param kek        the key-encryption key of an encrypted store, or empty for a plain one
 * @param site       the site's operating rules and guideline profile, if given
 * @param chunkSize  unit size for footage that is not MPEG-TS, in bytes (at least 1)
 * @param tailPolicy what to do with a segment a crash left unsealed
 * @param segmentLog where each sealed segment is recorded in the evidence log, once its files are durable and
 *                   before its chain state moves on ({@link SegmentLog#none()} records nothing)
 */
public record RecorderOptions(SigningKey signingKey, Optional<KeyEncryptionKey> kek, Optional<Site> site,
                              int chunkSize, TailPolicy tailPolicy, SegmentLog segmentLog) {
    /** The default chunk size: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    /**
     * A site's rules and the profile they are checked against.
     *
     * @param rules   the operating rules
     * @param profile the guideline profile
     */
    public record Site(OperatingRules rules, GuidelineProfile profile) {
        /** Validates. */
        public Site {
            Objects.requireNonNull(rules, "site.rules");
            Objects.requireNonNull(profile, "site.profile");
        }
    }

    /** Validates. */
    public RecorderOptions {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(tailPolicy, "tailPolicy");
        Objects.requireNonNull(segmentLog, "segmentLog");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize: must be >= 1");
        }
    }

    /** An encrypted store (the default for footage): each segment under its own data key wrapped by {@code kek}. */
    public static RecorderOptions encrypted(SigningKey signingKey, KeyEncryptionKey kek) {
        return new RecorderOptions(signingKey, Optional.of(Objects.requireNonNull(kek, "kek")), Optional.empty(),
                DEFAULT_CHUNK_SIZE, TailPolicy.SEAL_RECOVERED, SegmentLog.none());
    }

    /** A plain store: segments kept unencrypted (an explicit choice). */
    public static RecorderOptions plain(SigningKey signingKey) {
        return new RecorderOptions(signingKey, Optional.empty(), Optional.empty(), DEFAULT_CHUNK_SIZE,
                TailPolicy.SEAL_RECOVERED, SegmentLog.none());
    }

    /** These options for a site with its rules and profile. */
    public RecorderOptions withSite(OperatingRules rules, GuidelineProfile profile) {
        return new RecorderOptions(signingKey, kek, Optional.of(new Site(rules, profile)), chunkSize, tailPolicy,
                segmentLog);
    }

    /** These options with another chunk size. */
    public RecorderOptions withChunkSize(int size) {
        return new RecorderOptions(signingKey, kek, site, size, tailPolicy, segmentLog);
    }

    /** These options with another tail policy. */
    public RecorderOptions withTailPolicy(TailPolicy policy) {
        return new RecorderOptions(signingKey, kek, site, chunkSize, policy, segmentLog);
    }

    /**
     * These options recording every sealed segment in the evidence log through {@code log} (DESIGN.md: the log
     * knows every segment that ever existed, so a verifier given it finds the newest ones deleted too).
     */
    public RecorderOptions withSegmentLog(SegmentLog log) {
        return new RecorderOptions(signingKey, kek, site, chunkSize, tailPolicy, log);
    }
}
