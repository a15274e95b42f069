package jp.mimamori.core.model;

import java.util.List;

/**
 * What a camera records, kept to the minimum for its purpose (K2-2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param description       the area, angle and field of view in words
 * @param masks             privacy masks applied; may be empty when the description says why none is needed
 * @param privateGroundOnly whether the camera is aimed only at private ground (no public place in view), so that
 *                          the guideline does not apply to it (K1-2); default {@code false}
 */
public record CaptureArea(String description, List<PrivacyMask> masks, boolean privateGroundOnly) {
    /** Validates and copies. */
    public CaptureArea {
        Ids.text(description, "description");
        masks = List.copyOf(masks);
    }

    /** A capture area that includes a public place. */
    public CaptureArea(String description, List<PrivacyMask> masks) {
        this(description, masks, false);
    }
}
