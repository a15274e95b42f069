package jp.mimamori.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import jp.mimamori.cli.options.InputFiles;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.Request;
import jp.mimamori.core.decision.RequestReader;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.recorder.export.Handover;

/**
 * The request file of {@code mimamori export}: a disclosure request as {@code decide} reads it (docs/RULES.md
 * "Requests") with one more member, {@code handover}: {@code recipient_verification} (how the recipient's identity
 * was checked, K3-4), optional {@code recipient_reference}, {@code operator}, {@code export_unit}, {@code medium}
 * and {@code protection} ({@code ENCRYPTED_TO_RECIPIENT} or {@code ACCESS_CONTROLLED_STORE}, K3-2-1).
 *
 * @param request  the disclosure request
 * @param handover how it is handed over
 */
record ExportRequestFile(DisclosureRequest request, Handover handover) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("recipient_verification", "recipient_reference", "operator",
            "export_unit", "medium", "protection");

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException naming the field and the requirement, for an input error (exit 2)
     * @throws InvalidDocumentException if the request part is not a request
     */
    static ExportRequestFile read(Path file) throws IOException, InvalidDocumentException {
        byte[] bytes = InputFiles.json(file, RequestReader.MAX_BYTES);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse("") + " / JSON として読めません");
        }
        if (!(root instanceof ObjectNode o) || !(o.get("handover") instanceof ObjectNode h)) {
            throw new IllegalArgumentException(file + ": handover: required, an object (how the recipient's identity"
                    + " was checked, who exports, medium and protection; K3-4, K3-2-1) / handover が必要です");
        }
        o.remove("handover");
        Request r = RequestReader.parse(JSON.writeValueAsBytes(o));
        if (!(r instanceof DisclosureRequest d)) {
            throw new IllegalArgumentException(file + ": type: must be \"disclosure\" (K3-4) / 提供の請求が必要です");
        }
        for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!FIELDS.contains(n)) {
                throw new IllegalArgumentException(file + ": handover." + n + ": unknown field / 不明な項目です");
            }
        }
        String protection = text(file, h, "protection", true).orElseThrow();
        ExportProtection p;
        try {
            p = ExportProtection.valueOf(protection);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": handover.protection: must be ENCRYPTED_TO_RECIPIENT or"
                    + " ACCESS_CONTROLLED_STORE (K3-2-1) / 保護の方法が正しくありません");
        }
        try {
            return new ExportRequestFile(d, new Handover(text(file, h, "recipient_verification", true).orElseThrow(),
                    text(file, h, "recipient_reference", false), text(file, h, "operator", true).orElseThrow(),
                    text(file, h, "export_unit", true).orElseThrow(), text(file, h, "medium", true).orElseThrow(), p));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static Optional<String> text(Path file, JsonNode h, String name, boolean required) {
        JsonNode v = h.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(file + ": handover." + name + ": required (K3-4) / 必須です");
            }
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": handover." + name + ": must be a non-blank string / 文字列が必要です");
        }
        return Optional.of(v.asText());
    }
}
