package jp.mimamori.core.decision;

import java.util.List;
import java.util.stream.Collectors;
import jp.mimamori.core.internal.Names;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.text.LocalizedText;

/** A camera as the engine indexes it: bit position, site index, purpose mask and its precomputed texts. */
final class CameraEntry {
    final int index;
    final int siteIndex;
    final String id;
    final String site;
    /** {@code name (id)}, as reasons name it. */
    final String named;
    final long purposeMask;
    final int retentionDays;
    final Fact fact;
    final String declaredJa;
    final String declaredEn;
    private final LocalizedText[] purposeMismatch;

    CameraEntry(int index, int siteIndex, Camera c, long purposeMask, int retentionDays, Names names) {
        this.index = index;
        this.siteIndex = siteIndex;
        this.id = c.id();
        this.site = c.site();
        this.named = names.camera(c.id());
        this.purposeMask = purposeMask;
        this.retentionDays = retentionDays;
        List<Purpose> declared = c.purposes().stream().sorted().toList();
        this.declaredJa = declared.stream().map(p -> p.label().ja()).collect(Collectors.joining("、"));
        this.declaredEn = declared.stream().map(p -> p.label().en()).collect(Collectors.joining(", "));
        this.fact = new Fact("camera", id + " at " + site + ", declared for "
                + declared.stream().map(Purpose::name).collect(Collectors.joining(", ")));
        // Denials for a purpose outside the camera's are common; their text is made once, not per request.
        this.purposeMismatch = new LocalizedText[Purpose.values().length];
        for (Purpose p : Purpose.values()) {
            purposeMismatch[p.ordinal()] = mismatchText(RequestedPurpose.of(p));
        }
    }

    /** Why {@code p} does not fit this camera (K2-1). */
    LocalizedText mismatch(RequestedPurpose p) {
        int o = p.ordinal();
        return o >= 0 ? purposeMismatch[o] : mismatchText(p);
    }

    private LocalizedText mismatchText(RequestedPurpose p) {
        if (p.ordinal() < 0) {
            return LocalizedText.of(
                    "目的" + p.label().ja() + "は規約が定める目的ではなく、" + named + "の設置目的(" + declaredJa
                            + ")を逸脱します",
                    "purpose " + p.label().en() + " is not a purpose these rules declare; it is outside the declared"
                            + " purposes of " + named + " (" + declaredEn + ")");
        }
        return LocalizedText.of(
                "目的(" + p.label().ja() + ")は" + named + "の設置目的(" + declaredJa + ")を逸脱します",
                "purpose " + p.label().en() + " is outside the declared purposes of " + named + " (" + declaredEn
                        + ")");
    }
}
