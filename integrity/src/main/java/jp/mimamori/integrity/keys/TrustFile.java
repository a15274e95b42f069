package jp.mimamori.integrity.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Reads a trust file ({@code mimamori-trust} v1, docs/FORMATS.md "Trust files") into a
 * {@link TrustStore.Builder}: keys and CA certificates, each with its roles, cameras (directly or through
 * sites) and validity interval; leaf certificates trusted through a CA. Strict: duplicate and unknown fields,
 * unknown roles and sites, a camera scope on a key without the recorder role, an interval that ends before it
 * begins are all errors naming the field.
 */
final class TrustFile {
    static final String FORMAT = "mimamori-trust";
    private static final String REQ = "K3-2-4";
    private static final Pattern NAME = Pattern.compile("[^\\s+]{1,128}");

    private TrustFile() {}

    /** Whether {@code bytes} look like a JSON trust file rather than PEM (first non-blank byte is '{'). */
    static boolean isJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }

    static void read(byte[] bytes, String source, TrustStore.Builder b) throws InvalidDocumentException,
            CryptoException {
        JsonInput in = new JsonInput("trust file " + source, REQ);
        Obj root = in.document(bytes, TrustStore.MAX_FILE_BYTES, FORMAT);
        Map<String, Set<String>> sites = new HashMap<>();
        for (Obj s : root.objects("sites", false)) {
            Optional<String> id = s.text("id");
            Set<String> cams = s.textSet("cameras", true);
            s.end();
            if (id.isPresent() && sites.put(id.get(), cams) != null) {
                s.problem("id", REQ, "同じサイトが二度あります", "the same site twice");
            }
        }
        record Entry(Obj at, String field, byte[] der, KeyScope scope) {}
        List<Entry> entries = new ArrayList<>();
        for (Obj k : root.objects("keys", true)) {
            boolean hasKey = k.has("public_key");
            boolean hasCa = k.has("ca_certificate");
            if (hasKey == hasCa) {
                k.problem("", REQ, "public_key と ca_certificate のどちらか一方が必要です",
                        "needs exactly one of public_key and ca_certificate");
            }
            String field = hasKey ? "public_key" : "ca_certificate";
            Optional<String> pem = hasKey || hasCa ? k.text(field) : Optional.empty();
            Optional<KeyScope> scope = scope(k, sites);
            k.end();
            if (pem.isPresent() && scope.isPresent()) {
                byte[] der = pemBlock(pem.get(), hasKey ? "PUBLIC KEY" : "CERTIFICATE", k, field);
                if (der != null) {
                    entries.add(new Entry(k, field, der, scope.get()));
                }
            }
        }
        List<String> leaves = root.texts("certificates", false, Pattern.compile("(?s).*-----BEGIN CERTIFICATE-----.*"),
                "PEM の証明書", "a PEM certificate");
        root.end();
        in.throwIfProblems();
        for (Entry e : entries) {
            try {
                if (e.field().equals("public_key")) {
                    b.addKey(VerifyingKey.fromSpkiDer(e.der()), e.scope());
                } else {
                    b.addCaCertificateDer(e.der(), e.scope());
                }
            } catch (CryptoException | IllegalArgumentException ex) {
                throw new CryptoException(source + ": " + e.at().path() + "." + e.field() + ": " + ex.getMessage());
            }
        }
        for (int i = 0; i < leaves.size(); i++) {
            try {
                for (PemObject o : Pem.readAll(leaves.get(i), source)) {
                    b.addCertificateDer(o.getContent());
                }
            } catch (CryptoException ex) {
                throw new CryptoException(source + ": certificates[" + i + "]: " + ex.getMessage());
            }
        }
    }

    private static Optional<KeyScope> scope(Obj k, Map<String, Set<String>> sites) {
        Set<KeyRole> roles = k.enumSet("roles", KeyRole.class, true);
        Set<String> cameras = new LinkedHashSet<>(k.textSet("cameras", false));
        Set<String> siteIds = k.textSet("sites", false);
        for (String s : siteIds) {
            Set<String> cams = sites.get(s);
            if (cams == null) {
                k.problem("sites", REQ, "サイト " + s + " が sites にありません", "site " + s + " is not defined in sites");
            } else {
                cameras.addAll(cams);
            }
        }
        Optional<Instant> notBefore = k.optInstant("not_before");
        Optional<Instant> retired = k.optInstant("retired_at");
        Optional<Instant> revoked = k.optInstant("revoked_at");
        Optional<String> name = k.optText("name");
        if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
            k.problem("name", REQ, "署名付きノートの鍵名 (空白と + を含まない) が必要です",
                    "must be a signed-note key name (no spaces or '+')");
        }
        boolean scoped = k.has("cameras") || k.has("sites");
        if (scoped && !roles.contains(KeyRole.RECORDER)) {
            k.problem("cameras", REQ, "カメラの範囲は recorder の役割の鍵にだけ指定できます",
                    "a camera scope applies only to a key with the recorder role");
        }
        if (scoped && cameras.isEmpty()) {
            k.problem("cameras", REQ, "少なくとも一つのカメラが必要です", "needs at least one camera");
        }
        for (Optional<Instant> end : List.of(retired, revoked)) {
            if (notBefore.isPresent() && end.isPresent() && !end.get().isAfter(notBefore.get())) {
                k.problem("not_before", REQ, "有効期間の終わりが始まりより前です", "the interval ends before it begins");
            }
        }
        if (roles.isEmpty() || (scoped && cameras.isEmpty())) {
            return Optional.empty();
        }
        KeyScope s = new KeyScope(roles, !scoped, scoped ? cameras : Set.of(), notBefore, retired, revoked, name);
        return Optional.of(s);
    }

    private static byte[] pemBlock(String text, String type, Obj k, String field) {
        try {
            List<PemObject> blocks = Pem.readAll(text, field);
            if (blocks.size() != 1 || !blocks.get(0).getType().equals(type)) {
                k.problem(field, REQ, type + " の PEM ブロックが一つだけ必要です", "must be exactly one " + type
                        + " PEM block");
                return null;
            }
            return blocks.get(0).getContent();
        } catch (CryptoException e) {
            k.problem(field, REQ, "PEM として読めません", "is not PEM: " + e.getMessage());
            return null;
        }
    }
}
