package jp.mimamori.core.model;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A crime-prevention camera in the guideline's sense (K1-2): fixed, recording, aimed at a public place.
 * Capture area and signage are optional here so that incomplete rules can still be read and the compliance
 * check can name what is missing (K2-2, K2-3).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id          id used in the rules, in segment references and in decisions
 * @param site        id of the site the camera is at
 * @param name        display name
 * @param purposes    declared purposes (K2-1), at least one
 * @param captureArea what it records and which privacy masks apply (K2-2)
 * @param signage     the sign telling that it is installed (K2-3)
 * @param retention   how long its images are kept (K3-2-2)
 */
public record Camera(String id, String site, String name, Set<Purpose> purposes, Optional<CaptureArea> captureArea,
                     Optional<Signage> signage, RetentionSetting retention) {
    /** Validates every field. */
    public Camera {
        Ids.id(id, "id");
        Ids.id(site, "site");
        Ids.text(name, "name");
        purposes = Set.copyOf(purposes);
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("purposes: a camera declares at least one purpose (K2-1)");
        }
        Objects.requireNonNull(captureArea, "captureArea");
        Objects.requireNonNull(signage, "signage");
        Objects.requireNonNull(retention, "retention");
    }
}
