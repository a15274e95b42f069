package jp.mimamori.retention.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.text.LocalizedText;

/**
 * Orphans between a store and its index: files no index entry names (they would never be planned, so never
 * erased, K3-2-3) and index entries whose data is gone without an erasure receipt.
 *
 * <p>Stateless; thread-safe.
 */
public final class OrphanScan {
    private OrphanScan() {}

    /**
     * Compares the keys of stored files with the keys of index entries (both {@code camera/sequence}).
     *
     * @param erased keys erased with a receipt: an entry missing its file for that reason is no orphan
     */
    public static List<Finding> scan(Collection<String> fileKeys, Collection<String> entryKeys,
                                              Collection<String> erased) {
        Set<String> entries = new HashSet<>(entryKeys);
        Set<String> files = new HashSet<>(fileKeys);
        Set<String> gone = new HashSet<>(erased);
        List<Finding> out = new ArrayList<>();
        for (String f : new TreeSet<>(files)) {
            if (!entries.contains(f)) {
                out.add(Finding.of(RetentionCode.ORPHAN_FILE, Severity.ERROR,
                        Location.entry(f), "K3-2-3", LocalizedText.of("索引にないファイルです(消去計画の対象になりません)",
                        "a stored file with no index entry (it would never be planned for erasure)")));
            }
        }
        for (String e : new TreeSet<>(entries)) {
            if (!files.contains(e) && !gone.contains(e)) {
                out.add(Finding.of(RetentionCode.ORPHAN_ENTRY, Severity.ERROR,
                        Location.entry(e), "K3-2-3", LocalizedText.of("索引にあるのにファイルがなく、消去記録もありません",
                        "an index entry whose file is missing, with no erasure receipt")));
            }
        }
        return out;
    }
}
