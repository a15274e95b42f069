package jp.mimamori.core.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Regular inspection of the equipment (K4-3-1).
 *
 * <p>Immutable and thread-safe.
 *
 * @param intervalDays  days between inspections, 1 to 3660
 * @param lastInspected the date of the last inspection, if any was done
 */
public record InspectionSchedule(int intervalDays, Optional<LocalDate> lastInspected) {
    /** Validates the interval. */
    public InspectionSchedule {
        if (intervalDays < 1 || intervalDays > 3660) {
            throw new IllegalArgumentException("intervalDays: must be between 1 and 3660, was " + intervalDays);
        }
        Objects.requireNonNull(lastInspected, "lastInspected");
    }

    /** The date the next inspection is due, if one was ever done. */
    public Optional<LocalDate> nextDue() {
        return lastInspected.map(d -> d.plusDays(intervalDays));
    }
}
