package jp.mimamori.retention.erase;

import java.util.Objects;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.text.LocalizedText;

/**
 * An erasure refused before anything was journalled, logged or erased: the principal may not erase footage of
 * the camera at that time (K3-2-2, K3-2-3, K3-1-1). Carries the rules' {@link Decision.Deny}, whose requirements
 * and reason the message names.
 *
 * <pre>{@code
 * try {
 *     service.runScheduled("anyone");
 * } catch (ErasureDeniedException e) {
 *     System.err.println(e.text().in(Locale.JAPANESE));   // names the articles and why
 * }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class ErasureDeniedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Decision.Deny decision;
    private final transient LocalizedText text;

    /** A refusal of {@code principal} erasing footage of {@code cameraId}, for the reasons {@code decision} gives. */
    public ErasureDeniedException(String principal, String cameraId, Decision.Deny decision) {
        this(text(principal, cameraId, Objects.requireNonNull(decision, "decision")), decision);
    }

    private ErasureDeniedException(LocalizedText text, Decision.Deny decision) {
        super(text.en());
        this.text = text;
        this.decision = decision;
    }

    private static LocalizedText text(String principal, String cameraId, Decision.Deny d) {
        String reqs = String.join(", ", d.requirements());
        return LocalizedText.of(principal + " はカメラ " + cameraId + " の映像を消去できません: " + d.reason().ja()
                        + "(" + reqs + ")。何も消去していません",
                principal + " may not erase footage of camera " + cameraId + ": " + d.reason().en() + " (" + reqs
                        + "); nothing was erased");
    }

    /** The rules' decision. */
    public Decision.Deny decision() {
        return decision;
    }

    /** The explanation in Japanese and English, naming the requirements. */
    public LocalizedText text() {
        return text;
    }
}
