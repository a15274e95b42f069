package jp.mimamori.core.model;

import java.util.List;

/**
 * What a camera records, kept to the minimum for its purpose (K2-2).
 *
 * @param description the area, angle and field of view in words
 * @param masks       privacy masks applied; may be empty when the description says why none is needed
 */
public record CaptureArea(String description, List<PrivacyMask> masks) {
    /** Validates and copies. */
    public CaptureArea {
        Ids.text(description, "description");
        masks = List.copyOf(masks);
    }
}
