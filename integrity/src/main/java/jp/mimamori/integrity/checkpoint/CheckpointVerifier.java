package jp.mimamori.integrity.checkpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;

/**
 * Verifies a signed checkpoint against the caller's trusted verifier keys, following the signed-note rules:
 * signatures from unknown keys (name or id differ) are ignored; a signature from a known key that fails is
 * {@code SIGNATURE_INVALID}; a checkpoint without a valid signature from a trusted log key (type 0x01) is
 * {@code KEY_UNTRUSTED}. Cosignatures (type 0x04) from trusted cosigners are checked the same way and
 * listed. Never throws on hostile input.
 *
 * <pre>{@code
 * CheckpointVerifier.Result r = CheckpointVerifier.verify(bytes, trustedKeys, Location.entry("checkpoint"));
 * if (r.valid()) use(r.checkpoint().orElseThrow());
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class CheckpointVerifier {
    private CheckpointVerifier() {}

    /**
     * The outcome.
     *
     * <p>Immutable and thread-safe.
     *
     * @param checkpoint the parsed checkpoint; empty if malformed
     * @param findings   what was wrong (empty when valid)
     * @param logSigners names of trusted log keys whose signature verified
     * @param cosigners  names of trusted cosigners whose cosignature verified
     */
    public record Result(Optional<Checkpoint> checkpoint, List<Finding> findings, List<String> logSigners,
                         List<String> cosigners) {
        /** Copies. */
        public Result {
            Objects.requireNonNull(checkpoint, "checkpoint");
            findings = List.copyOf(findings);
            logSigners = List.copyOf(logSigners);
            cosigners = List.copyOf(cosigners);
        }

        /** Whether the checkpoint parsed and a trusted log key signed it with no failing known signature. */
        public boolean valid() {
            return checkpoint.isPresent() && findings.isEmpty();
        }
    }

    /** Verifies {@code note} bytes. */
    public static Result verify(byte[] note, Collection<NoteVerifier> trusted, Location where) {
        List<Finding> findings = new ArrayList<>();
        SignedNote n;
        Checkpoint c;
        try {
            n = SignedNote.parse(note);
            c = Checkpoint.parseBody(n.text());
        } catch (NoteFormatException e) {
            findings.add(Finding.of(VerificationCode.SIGNATURE_INVALID, where,
                    LocalizedText.of("チェックポイントの形式が不正です: " + e.text().ja(), "malformed checkpoint: " + e.getMessage())));
            return new Result(Optional.empty(), findings, List.of(), List.of());
        }
        List<String> signers = new ArrayList<>();
        List<String> cosigners = new ArrayList<>();
        for (NoteSignature s : n.signatures()) {
            for (NoteVerifier v : trusted) {
                if (!v.matches(s)) {
                    continue;
                }
                if (v.verify(n.text(), s)) {
                    (v.type() == NoteVerifier.ED25519 ? signers : cosigners).add(v.name());
                } else {
                    findings.add(Finding.of(VerificationCode.SIGNATURE_INVALID, where,
                            LocalizedText.of("鍵 " + v.name() + " の署名が検証できません (改ざんの可能性)",
                            "signature by known key " + v.name() + " does not verify (the checkpoint was altered"
                                    + " or the signature swapped)")));
                }
            }
        }
        if (signers.isEmpty() && findings.isEmpty()) {
            findings.add(Finding.of(VerificationCode.KEY_UNTRUSTED, where,
                    LocalizedText.of("信頼するログ鍵による署名がありません",
                    "no signature by a trusted log key (signed-note type 0x01); signed by: "
                            + n.signatures().stream().map(NoteSignature::keyName).distinct().toList())));
        }
        return new Result(Optional.of(c), findings, signers, cosigners);
    }
}
