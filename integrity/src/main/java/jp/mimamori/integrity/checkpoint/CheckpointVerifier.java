package jp.mimamori.integrity.checkpoint;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.TrustDecision;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;

/**
 * Verifies a signed checkpoint against the caller's trusted keys, following the signed-note rules: signatures
 * from unknown keys (name or id differ) are ignored; a signature from a known key that fails is
 * {@code SIGNATURE_INVALID}; a checkpoint without a valid signature from a trusted log key (type 0x01) is
 * {@code KEY_UNTRUSTED}. Cosignatures (type 0x04) from trusted cosigners are checked the same way and listed.
 * Never throws on hostile input.
 *
 * <p>Two ways to say which keys are trusted. A list of {@link NoteVerifier}s trusts each for its type (0x01 the
 * log, 0x04 a cosigner) and requires no cosignature. A {@link CheckpointPolicy} judges every key through the
 * caller's {@link TrustStore} — the log's key must be allowed the {@link KeyRole#LOG} role, and a cosignature
 * counts only if {@link TrustStore#decide} allows its key the {@link KeyRole#WITNESS} role at the time the
 * cosignature states — and requires {@link CheckpointPolicy#witnessThreshold()} distinct counted witnesses: a
 * checkpoint with fewer is {@code CHECKPOINT_MISSING} (DESIGN.md has no code of its own for a missing
 * cosignature; such a checkpoint anchors nothing, which is what {@code CHECKPOINT_MISSING} says), naming the
 * cosignatures that did not count and why.
 *
 * <pre>{@code
 * CheckpointVerifier.Result r = CheckpointVerifier.verify(bytes, trustedKeys, Location.entry("checkpoint"));
 * if (r.valid()) use(r.checkpoint().orElseThrow());
 * CheckpointVerifier.Result w = CheckpointVerifier.verify(bytes, CheckpointPolicy.of(trust).withWitnessThreshold(1),
 *         Location.entry("checkpoint"));
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
     * @param checkpoint        the parsed checkpoint; empty if malformed
     * @param findings          what was wrong (empty when valid)
     * @param logSigners        names of trusted log keys whose signature verified
     * @param cosigners         names of trusted cosigners whose cosignature verified (and, under a policy, counted)
     * @param witnessKeyIds     key ids ({@link VerifyingKey#keyId()}) of the distinct witnesses counted
     * @param witnessesRequired how many distinct witnesses the policy required (0 for a list of keys)
     */
    public record Result(Optional<Checkpoint> checkpoint, List<Finding> findings, List<String> logSigners,
                         List<String> cosigners, List<String> witnessKeyIds, int witnessesRequired) {
        /** Copies. */
        public Result {
            Objects.requireNonNull(checkpoint, "checkpoint");
            findings = List.copyOf(findings);
            logSigners = List.copyOf(logSigners);
            cosigners = List.copyOf(cosigners);
            witnessKeyIds = List.copyOf(witnessKeyIds);
            if (witnessesRequired < 0) {
                throw new IllegalArgumentException("witnessesRequired: must be >= 0");
            }
        }

        /** A result without a witness policy. */
        public Result(Optional<Checkpoint> checkpoint, List<Finding> findings, List<String> logSigners,
                      List<String> cosigners) {
            this(checkpoint, findings, logSigners, cosigners, List.of(), 0);
        }

        /**
         * Whether the checkpoint parsed, a trusted log key signed it, no known signature failed and (under a
         * policy) enough trusted witnesses cosigned it.
         */
        public boolean valid() {
            return checkpoint.isPresent() && findings.isEmpty();
        }

        /**
         * Whether the only thing wrong is too few counted witnesses: the checkpoint is otherwise signed by a
         * trusted log key (so a copy of the same checkpoint carrying more cosignatures can make up for it).
         */
        public boolean shortOfWitnessesOnly() {
            return checkpoint.isPresent() && !logSigners.isEmpty() && witnessKeyIds.size() < witnessesRequired
                    && findings.stream().allMatch(f -> f.code() == VerificationCode.CHECKPOINT_MISSING);
        }
    }

    /** Verifies {@code note} bytes against trusted note keys; no cosignature is required. */
    public static Result verify(byte[] note, Collection<NoteVerifier> trusted, Location where) {
        Objects.requireNonNull(trusted, "trusted");
        return verify(note, s -> {
            List<Match> out = new ArrayList<>(1);
            for (NoteVerifier v : trusted) {
                if (v.matches(s)) {
                    out.add(new Match(v, Optional.empty(), Optional.empty()));
                }
            }
            return out;
        }, 0, where);
    }

    /**
     * Verifies {@code note} bytes under {@code policy}: log and witness keys judged by its trust store, at least
     * {@link CheckpointPolicy#witnessThreshold()} distinct trusted witnesses required.
     */
    public static Result verify(byte[] note, CheckpointPolicy policy, Location where) {
        Objects.requireNonNull(policy, "policy");
        TrustStore trust = policy.trust();
        return verify(note, s -> {
            List<Match> out = new ArrayList<>(1);
            for (VerifyingKey k : trust.keys()) {
                if (k.algorithm() != SignatureAlgorithm.ED25519) {
                    continue;
                }
                Optional<String> named = trust.scope(k.keyId()).flatMap(KeyScope::noteName);
                if (named.isPresent() && !named.get().equals(s.keyName())) {
                    continue;
                }
                byte[] raw = k.rawEd25519();
                for (int type : new int[] {NoteVerifier.ED25519, NoteVerifier.COSIGNATURE_V1}) {
                    if (SignedNote.validKeyName(s.keyName()) && NoteVerifier.keyId(s.keyName(), type, raw) == s.keyId()) {
                        out.add(new Match(NoteVerifier.create(s.keyName(), type, raw), Optional.of(k),
                                Optional.of(trust)));
                    }
                }
            }
            return out;
        }, policy.witnessThreshold(), where);
    }

    /** A trusted key a signature line names: its note verifier and, under a policy, the key and the store. */
    private record Match(NoteVerifier verifier, Optional<VerifyingKey> key, Optional<TrustStore> trust) {}

    @FunctionalInterface
    private interface Keys {
        List<Match> matching(NoteSignature s);
    }

    private static Result verify(byte[] note, Keys keys, int required, Location where) {
        List<Finding> findings = new ArrayList<>();
        SignedNote n;
        Checkpoint c;
        try {
            n = SignedNote.parse(note);
            c = Checkpoint.parseBody(n.text());
        } catch (NoteFormatException e) {
            findings.add(Finding.of(VerificationCode.SIGNATURE_INVALID, where,
                    LocalizedText.of("チェックポイントの形式が不正です: " + e.text().ja(), "malformed checkpoint: " + e.getMessage())));
            return new Result(Optional.empty(), findings, List.of(), List.of(), List.of(), required);
        }
        List<String> signers = new ArrayList<>();
        List<String> cosigners = new ArrayList<>();
        Set<String> witnesses = new LinkedHashSet<>();
        List<String> notCountedJa = new ArrayList<>();
        List<String> notCountedEn = new ArrayList<>();
        for (NoteSignature s : n.signatures()) {
            for (Match m : keys.matching(s)) {
                NoteVerifier v = m.verifier();
                if (!v.verify(n.text(), s)) {
                    findings.add(Finding.of(VerificationCode.SIGNATURE_INVALID, where,
                            LocalizedText.of("鍵 " + v.name() + " の署名が検証できません (改ざんの可能性)",
                            "signature by known key " + v.name() + " does not verify (the checkpoint was altered"
                                    + " or the signature swapped)")));
                    continue;
                }
                if (m.key().isEmpty()) {
                    (v.type() == NoteVerifier.ED25519 ? signers : cosigners).add(v.name());
                    continue;
                }
                VerifyingKey k = m.key().get();
                TrustStore trust = m.trust().orElseThrow();
                if (v.type() == NoteVerifier.ED25519) {
                    if (trust.keys(KeyRole.LOG).contains(k)) {
                        signers.add(v.name());
                    } else {
                        notCountedJa.add(v.name() + " (ログ鍵として信頼されていません)");
                        notCountedEn.add(v.name() + " as the log (not trusted for role LOG)");
                    }
                    continue;
                }
                Optional<LocalizedText> why = witnessRefusal(trust, k, NoteVerifier.cosignatureTime(s));
                if (why.isEmpty()) {
                    cosigners.add(v.name());
                    witnesses.add(k.keyId());
                } else {
                    notCountedJa.add(v.name() + " (" + why.get().ja() + ")");
                    notCountedEn.add(v.name() + " (" + why.get().en() + ")");
                }
            }
        }
        if (signers.isEmpty() && findings.isEmpty()) {
            findings.add(Finding.of(VerificationCode.KEY_UNTRUSTED, where,
                    LocalizedText.of("信頼するログ鍵による署名がありません"
                            + (notCountedJa.isEmpty() ? "" : "。数えなかった署名: " + String.join("、", notCountedJa)),
                    "no signature by a trusted log key (signed-note type 0x01); signed by: "
                            + n.signatures().stream().map(NoteSignature::keyName).distinct().toList()
                            + (notCountedEn.isEmpty() ? "" : "; not counted: " + String.join("; ", notCountedEn)))));
        }
        if (!signers.isEmpty() && witnesses.size() < required) {
            findings.add(Finding.of(VerificationCode.CHECKPOINT_MISSING, where, LocalizedText.of(
                    "チェックポイントに信頼する証人の連署が " + witnesses.size() + " 件しかなく、必要な " + required
                            + " 件に足りません。このチェックポイントは何も固定しません (分岐した見せかけのログの可能性)"
                            + (notCountedJa.isEmpty() ? "" : "。数えなかった連署: " + String.join("、", notCountedJa)),
                    "the checkpoint is cosigned by " + witnesses.size() + " trusted witness"
                            + (witnesses.size() == 1 ? "" : "es") + ", fewer than the " + required
                            + " required: it anchors nothing (a split view would look like this)"
                            + (notCountedEn.isEmpty() ? "" : "; not counted: " + String.join("; ", notCountedEn)))));
        }
        return new Result(Optional.of(c), findings, signers, cosigners, List.copyOf(witnesses), required);
    }

    /**
     * Why a valid cosignature by {@code k} at {@code time} (seconds) does not count, or empty when it counts: the
     * trust store must allow {@code k} the witness role at that time, and not the log role.
     */
    private static Optional<LocalizedText> witnessRefusal(TrustStore trust, VerifyingKey k, long time) {
        Instant at;
        try {
            at = Instant.ofEpochSecond(time);
        } catch (DateTimeException e) {
            return Optional.of(LocalizedText.of("連署の時刻 " + time + " が範囲外です",
                    "its time " + time + " is out of range"));
        }
        TrustDecision d = trust.decide(KeyRole.WITNESS, k, Optional.empty(), at);
        if (!d.trusted()) {
            return Optional.of(d.reason());
        }
        if (trust.keys(KeyRole.LOG).contains(k)) {
            return Optional.of(LocalizedText.of("ログ鍵としても信頼されている鍵で、ログ自身の証人にはなりません",
                    "the key is also trusted for role LOG: a log cannot witness itself"));
        }
        return Optional.empty();
    }
}
