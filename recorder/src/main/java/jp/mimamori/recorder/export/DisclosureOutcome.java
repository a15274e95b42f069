package jp.mimamori.recorder.export;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.decision.Decision;

/**
 * What a disclosure request came to: a bundle handed over, or a refusal with its reasons, each logged.
 *
 * <pre>{@code
 * DisclosureOutcome o = export.disclose(request, handover, out);
 * if (o instanceof DisclosureOutcome.Exported e) {
 *     System.out.println("bundle " + e.bundle());
 * } else {
 *     System.out.println(o.decision().reason().en());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface DisclosureOutcome {
    /** The decision that was logged. */
    Decision decision();

    /** Its index in the evidence log. */
    long decisionLogIndex();

    /**
     * Permitted and exported.
     *
     * @param decision           the decision
     * @param decisionLogIndex   its log index
     * @param disclosureLogIndex the {@code disclosure} record's log index (the K3-4 register entry)
     * @param bundle             the bundle written
     * @param bundleHash         SHA-256 of its {@code bundle.json} (named by the {@code export} record)
     * @param encrypted          the bundle encrypted to the recipient's certificate (CMS, {@code BUNDLE.p7m}), if asked
     *                           for: what is handed over; the plain bundle stays in the city's export folder
     * @param units              how many units the bundle holds
     */
    record Exported(Decision decision, long decisionLogIndex, long disclosureLogIndex, Path bundle, String bundleHash,
                    Optional<Path> encrypted, long units) implements DisclosureOutcome {
        /** Validates. */
        public Exported {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(bundle, "bundle");
            Objects.requireNonNull(bundleHash, "bundleHash");
            Objects.requireNonNull(encrypted, "encrypted");
        }
    }

    /**
     * Denied: logged with its reasons, nothing exported.
     *
     * @param decision         the decision (its reason names the requirements and, for individuals, the route)
     * @param decisionLogIndex its log index
     */
    record Denied(Decision decision, long decisionLogIndex) implements DisclosureOutcome {
        /** Validates. */
        public Denied {
            Objects.requireNonNull(decision, "decision");
        }
    }
}
