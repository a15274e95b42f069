package jp.mimamori.integrity.log.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.internal.io.ConfinedFiles;

/**
 * The files of a log folder as an insider may have left them: every entry of the folder, of {@code tree/} and of
 * {@code checkpoints/} must be a regular file or a real folder, never a link, FIFO or device
 * ({@link ConfinedFiles}); and the requirement a record serves, for findings about it.
 */
public final class LogFiles {
    private LogFiles() {}

    /** More checkpoint files than a log may hold (a year of checkpoints every ten minutes fits). */
    public static final int MAX_CHECKPOINTS = 65_536;
    /** Entries of the log folder and of {@code tree/} (a handful in a real log). */
    private static final int MAX_ENTRIES = 4_096;

    /** The folders of a log that are listed: the log folder, {@code tree}, {@code checkpoints}. */
    private static final List<String> FOLDERS = List.of("", "tree", "checkpoints");

    /**
     * What in the log folder {@code dir} is a link, FIFO, socket or device (never followed nor opened), with the
     * sub-folders {@code tree/} and {@code checkpoints/} when they are real folders.
     *
     * @throws IOException if a folder cannot be listed (among them: more entries than allowed)
     */
    public static List<ConfinedFiles.Refused> refused(Path dir) throws IOException {
        List<ConfinedFiles.Refused> out = new ArrayList<>();
        for (String sub : FOLDERS) {
            Path folder = sub.isEmpty() ? dir : dir.resolve(sub);
            if (!sub.isEmpty() && ConfinedFiles.kind(dir, folder).isEmpty()) {
                continue;
            }
            if (!sub.isEmpty() && ConfinedFiles.kind(dir, folder).get() != ConfinedFiles.Kind.FOLDER) {
                continue; // already listed as refused (or a plain file) in the log folder
            }
            out.addAll(ConfinedFiles.list(dir, folder,
                    sub.equals("checkpoints") ? 2 * MAX_CHECKPOINTS + 16 : MAX_ENTRIES).refused());
        }
        return out;
    }

    /**
     * Refuses a log folder holding any link, FIFO, socket or device (the writer's check before it opens).
     *
     * @throws ConfinedFiles.RefusedException for the first one, naming it
     */
    public static void requireConfined(Path dir) throws IOException {
        List<ConfinedFiles.Refused> r = refused(dir);
        if (!r.isEmpty()) {
            throw r.get(0).exception();
        }
    }

    private static final Map<String, String> REQUIREMENTS = Map.ofEntries(
            Map.entry(EvidenceTypes.DISCLOSURE_DECISION, "K3-4"),
            Map.entry(EvidenceTypes.DISCLOSURE, "K3-4"),
            Map.entry(EvidenceTypes.EXPORT, "K3-2-1"),
            Map.entry(EvidenceTypes.ACCESS_DECISION, "K3-1-3"),
            Map.entry(EvidenceTypes.PERMIT, "K3-1-3"),
            Map.entry(EvidenceTypes.DESIGNATION, "K3-1-1"),
            Map.entry(EvidenceTypes.DESIGNATION_REVOKED, "K3-3"),
            Map.entry(EvidenceTypes.HOLD_PLACED, "K3-2-2"),
            Map.entry(EvidenceTypes.HOLD_RELEASED, "K3-2-2"),
            Map.entry(EvidenceTypes.HOLD_EXPIRED, "K3-2-2"),
            Map.entry(EvidenceTypes.ERASURE_INTENT, "K3-2-3"),
            Map.entry(EvidenceTypes.ERASURE_RECEIPT, "K3-2-3"),
            Map.entry(EvidenceTypes.SANITIZATION, "K3-2-3"),
            Map.entry(EvidenceTypes.DECOMMISSION, "K4-3-2"),
            Map.entry(EvidenceTypes.RULES_CHANGED, "K4-1"),
            Map.entry(EvidenceTypes.KEY_REGISTERED, "K3-2-4"));

    /**
     * The requirement a record of {@code type} serves (EvidenceTypes names it per type: K3-4 for disclosures,
     * K3-2-3 for erasures, …); K3-4 for the log as a whole when the type is unknown or unreadable.
     */
    public static String requirementOf(String type) {
        return REQUIREMENTS.getOrDefault(type, "K3-4");
    }
}
