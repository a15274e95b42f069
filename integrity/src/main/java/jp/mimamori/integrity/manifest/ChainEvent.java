package jp.mimamori.integrity.manifest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.internal.json.Obj;

/**
 * Something a manifest records about its camera's chain, reported by the verifier as INFO (not tampering):
 * a recorder restart or camera reset ({@code CHAIN_RESTARTED}) or a key rotation ({@code KEY_CHANGED}).
 *
 * <p>Every implementation is an immutable record (byte arrays copied in and out, equality by content); thread-safe.
 */
public sealed interface ChainEvent {

    /** This event as a JSON object for the manifest's {@code events} array. */
    Map<String, Object> toJson();

    /** Why a chain restarted. Immutable and thread-safe. */
    enum RestartReason {
        /** The recorder process restarted cleanly and continued the chain from its saved state. */
        RECORDER_RESTART("recorder-restart"),
        /** The recorder stopped while a segment was open (crash, power loss): that segment was never sealed. */
        CRASH("crash"),
        /** The camera was reset or replaced; the chain continues from the recorder's saved state. */
        CAMERA_RESET("camera-reset"),
        /** The recorder's saved chain state was lost and recovered from the newest manifest in its store. */
        STATE_RECOVERED("state-recovered");

        private final String json;

        RestartReason(String json) {
            this.json = json;
        }

        /** The name in JSON. */
        public String json() {
            return json;
        }

        static Optional<RestartReason> of(Obj o, String name) {
            Optional<String> s = o.text(name);
            for (RestartReason r : values()) {
                if (s.isPresent() && r.json.equals(s.get())) {
                    return Optional.of(r);
                }
            }
            s.ifPresent(v -> o.problem(name, ManifestJson.REQ, "不明な再開理由です \"" + v + "\"",
                    "unknown restart reason \"" + v + "\""));
            return Optional.empty();
        }
    }

    /**
     * The chain restarted before this manifest.
     *
     * <p>Immutable and thread-safe.
     *
     * @param reason            why
     * @param unsealedSequence  the sequence number of a segment that was open and never sealed, or -1
     * @param unsealedUnits     how many units that segment had received when last recorded, or -1
     */
    record Restart(RestartReason reason, long unsealedSequence, long unsealedUnits) implements ChainEvent {
        /** Validates. */
        public Restart {
            Objects.requireNonNull(reason, "reason");
            if (unsealedSequence < -1 || unsealedUnits < -1) {
                throw new IllegalArgumentException("unsealedSequence/unsealedUnits: must be >= -1");
            }
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "restart");
            m.put("reason", reason.json());
            if (unsealedSequence >= 0) {
                m.put("unsealed_sequence", unsealedSequence);
            }
            if (unsealedUnits >= 0) {
                m.put("unsealed_units", unsealedUnits);
            }
            return m;
        }
    }

    /**
     * The manifests after this one are signed by another key, announced here under the current key.
     *
     * <p>Immutable and thread-safe: byte arrays are copied in and out, and equality is by content.
     *
     * @param nextAlg       the next key's algorithm name ({@code "ed25519"} or {@code "ecdsa-p256-sha256"})
     * @param nextPublicKey the next key's SPKI DER
     * @param nextKeyId     lowercase hex SHA-256 of {@code nextPublicKey}
     */
    record KeyRotation(String nextAlg, byte[] nextPublicKey, String nextKeyId) implements ChainEvent {
        /** Validates and copies. */
        public KeyRotation {
            Objects.requireNonNull(nextAlg, "nextAlg");
            if (!Set.of("ed25519", "ecdsa-p256-sha256").contains(nextAlg)) {
                throw new IllegalArgumentException("nextAlg: unknown algorithm");
            }
            nextPublicKey = Objects.requireNonNull(nextPublicKey, "nextPublicKey").clone();
            if (!ManifestJson.HEX64.matcher(Objects.requireNonNull(nextKeyId, "nextKeyId")).matches()) {
                throw new IllegalArgumentException("nextKeyId: must be 64 lowercase hex digits");
            }
        }

        /** The {@code nextPublicKey} component, as a copy: the record keeps its own. */
        @Override
        public byte[] nextPublicKey() {
            return nextPublicKey.clone();
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "key-rotation");
            m.put("next_sig_alg", nextAlg);
            m.put("next_public_key", ManifestJson.b64(nextPublicKey));
            m.put("next_key_id", nextKeyId);
            return m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyRotation k && k.nextAlg.equals(nextAlg) && k.nextKeyId.equals(nextKeyId)
                    && Arrays.equals(k.nextPublicKey, nextPublicKey);
        }

        @Override
        public int hashCode() {
            return nextKeyId.hashCode();
        }

        @Override
        public String toString() {
            return "KeyRotation[nextAlg=" + nextAlg + ", nextKeyId=" + nextKeyId + "]";
        }
    }

    /** Reads one event of a manifest's {@code events} array; empty, with the problem recorded, if malformed. */
    static Optional<ChainEvent> parse(Obj o) {
        Optional<String> type = o.text("type");
        Optional<ChainEvent> event = Optional.empty();
        if (type.isPresent() && type.get().equals("restart")) {
            Optional<RestartReason> r = RestartReason.of(o, "reason");
            long seq = o.optLongInteger("unsealed_sequence", 0, SegmentManifest.MAX_INT).orElse(-1L);
            long units = o.optLongInteger("unsealed_units", 0, SegmentManifest.MAX_INT).orElse(-1L);
            event = r.map(reason -> new Restart(reason, seq, units));
        } else if (type.isPresent() && type.get().equals("key-rotation")) {
            Optional<String> alg = ManifestJson.sigAlg(o, "next_sig_alg");
            Optional<byte[]> spki = o.base64url("next_public_key", 1024);
            Optional<byte[]> keyId = o.hex32("next_key_id");
            if (alg.isPresent() && spki.isPresent() && keyId.isPresent()) {
                event = Optional.of(new KeyRotation(alg.get(), spki.get(), ManifestJson.HEX.formatHex(keyId.get())));
            }
        } else {
            type.ifPresent(t -> o.problem("type", ManifestJson.REQ, "不明な事象の種類です \"" + t + "\"",
                    "unknown event type \"" + t + "\""));
            return Optional.empty();
        }
        o.end();
        return event;
    }
}
