package jp.mimamori.integrity.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a finding is: any of an entry (a file or archive entry name, or a log record index as text), a segment
 * sequence number and a unit or record index. Absent parts are {@code null}.
 *
 * @param entry   file, archive entry or camera id, or {@code null}
 * @param segment segment sequence number, or {@code null}
 * @param index   unit index within the segment, or record index within a log, or {@code null}
 */
public record Location(String entry, Long segment, Long index) {
    /** Nowhere in particular (the whole input). */
    public static final Location NONE = new Location(null, null, null);

    /** A location by entry name only. */
    public static Location entry(String entry) {
        return new Location(entry, null, null);
    }

    /** A location as an ordered map of the parts present, for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (entry != null) {
            m.put("entry", entry);
        }
        if (segment != null) {
            m.put("segment", segment);
        }
        if (index != null) {
            m.put("index", index);
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (entry != null) {
            sb.append(entry);
        }
        if (segment != null) {
            sb.append(sb.length() > 0 ? " " : "").append("segment ").append(segment);
        }
        if (index != null) {
            sb.append(sb.length() > 0 ? " " : "").append("index ").append(index);
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
