package jp.mimamori.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import jp.mimamori.core.internal.Samples;

/**
 * The operating rules the demo's retention runs under: a sample's rules with a retention service account and a
 * permit to erase from the operation manager (K3-1-3) — what a site writes so that retention runs under its own
 * account rather than the manager's — and, for the sealed store, the demo's recording cameras. Stateless.
 */
final class DemoRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoRules() {}

    /**
     * {@code sample} with {@code svc-retention} allowed to erase from 2026-04-01 for a year by {@code manager}, and
     * {@code cameras} added as copies of its first camera.
     */
    static byte[] withRetentionService(String sample, String manager, String... cameras) throws IOException {
        ObjectNode t = (ObjectNode) JSON.readTree(Samples.bytes(sample));
        ((ArrayNode) t.get("principals")).addObject().put("id", "svc-retention")
                .put("name", "保存期間管理 (retention service)").put("organization", "情報システム課 (IT division)");
        ArrayNode permits = t.has("permits") ? (ArrayNode) t.get("permits") : t.putArray("permits");
        ObjectNode permit = permits.addObject().put("id", "p-svc-retention").put("principal", "svc-retention")
                .put("issued_by", manager).put("from", "2026-04-01T00:00:00Z").put("until", "2027-04-01T00:00:00Z");
        permit.putArray("actions").add("ERASE");
        ArrayNode cams = (ArrayNode) t.get("cameras");
        for (String c : cameras) {
            ObjectNode copy = cams.get(0).deepCopy();
            copy.put("id", c).put("name", "録画カメラ " + c + " (recording camera " + c + ")");
            cams.add(copy);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(t);
    }
}
