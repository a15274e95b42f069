package jp.mimamori.integrity.media.internal;

import java.util.List;
import java.util.Objects;
import jp.mimamori.integrity.media.internal.MediaUnit;

/**
 * The result of splitting an MPEG-TS file into access units.
 *
 * @param units             the units, in file order, covering the file exactly
 * @param videoPid          the PID of the video elementary stream
 * @param streamType        its PMT stream_type (0x1B H.264, 0x24 HEVC, 0x02 MPEG-2, ...), or -1 without a PMT
 * @param continuityErrors  continuity-counter discontinuities found (informative: packets lost before sealing)
 */
public record TsSplit(List<MediaUnit> units, int videoPid, int streamType, List<String> continuityErrors) {
    /** Copies the lists. */
    public TsSplit {
        units = List.copyOf(Objects.requireNonNull(units, "units"));
        continuityErrors = List.copyOf(Objects.requireNonNull(continuityErrors, "continuityErrors"));
    }
}
