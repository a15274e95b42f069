package jp.mimamori.retention.sanitize;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import jp.mimamori.core.crypto.Signer;
import jp.mimamori.core.crypto.Verifier;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.internal.json.CanonicalJson;

/**
 * A record of the sanitization of one medium or recorder before disposal (K3-2-3), with the fields of the
 * sample certificate in NIST SP 800-88 Rev. 1, Appendix G.
 *
 * <p>Immutable and thread-safe.
 *
 * @param certificateId       the certificate's id
 * @param performedBy         who sanitized (name, title, organization, location, phone)
 * @param media               the medium: type, manufacturer, model, serial number, property number, source
 *                            (the recorder or camera it came from), whether data was backed up and where
 * @param method              Clear, Purge or Destroy
 * @param technique           the technique: "cryptographic erase", "overwrite", "block erase", "degauss",
 *                            "shred", "disintegrate", …
 * @param tool                the tool and its version
 * @param verification        how the result was verified: full, quick sampling, other
 * @param verificationDetails what was checked
 * @param destination         where the medium went: internal reuse, external reuse, recycling facility,
 *                            manufacturer, other (with details)
 * @param notes               anything else ({@code ""} if nothing)
 * @param performedAt         when
 * @param validatedBy         who validated (name, title, organization)
 */
public record SanitizationCertificate(String certificateId, Person performedBy, Media media, Method method,
                                      String technique, String tool, Verification verification,
                                      String verificationDetails, String destination, String notes,
                                      Instant performedAt, Person validatedBy) {

    /** NIST SP 800-88 sanitization categories. Immutable and thread-safe. */
    public enum Method {
        /** Logical techniques against simple non-invasive recovery (e.g. overwrite). */
        CLEAR("消去(Clear)"),
        /** Physical or logical techniques against laboratory recovery (e.g. crypto erase, block erase). */
        PURGE("除去(Purge)"),
        /** The medium made unusable (shred, disintegrate, incinerate). */
        DESTROY("破壊(Destroy)");

        private final String ja;

        Method(String ja) {
            this.ja = ja;
        }

        String ja() {
            return ja;
        }
    }

    /** How the result was verified (NIST SP 800-88 §4.7). Immutable and thread-safe. */
    public enum Verification {
        /** Every addressable location was read back. */
        FULL,
        /** A sample of locations was read back. */
        QUICK_SAMPLING,
        /** Another method, described in the verification details. */
        OTHER
    }

    /**
     * A person named on the certificate.
     *
     * <p>Immutable and thread-safe.
     *
     * @param name         full name
     * @param title        position ({@code ""} if not given)
     * @param organization organization
     * @param location     location ({@code ""} if not given)
     * @param phone        phone ({@code ""} if not given)
     */
    public record Person(String name, String title, String organization, String location, String phone) {
        /** Validates presence of name and organization; the others may be empty, never null. */
        public Person {
            requireText(name, "name");
            requireText(organization, "organization");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(phone, "phone");
        }
    }

    /**
     * The sanitized medium.
     *
     * <p>Immutable and thread-safe.
     *
     * @param type           e.g. "HDD", "SSD", "microSD", "NVR with built-in HDD"
     * @param manufacturer   make
     * @param model          model
     * @param serialNumber   serial number
     * @param propertyNumber the city's asset number ({@code ""} if none)
     * @param source         the recorder or camera it came from
     * @param dataBackedUp   "yes", "no" or "unknown"
     * @param backupLocation where a backup is ({@code ""} if none)
     */
    public record Media(String type, String manufacturer, String model, String serialNumber, String propertyNumber,
                        String source, String dataBackedUp, String backupLocation) {
        /** Validates presence; the number and backup location may be empty, never null. */
        public Media {
            requireText(type, "media.type");
            requireText(manufacturer, "media.manufacturer");
            requireText(model, "media.model");
            requireText(serialNumber, "media.serialNumber");
            requireText(source, "media.source");
            Objects.requireNonNull(propertyNumber, "media.propertyNumber");
            Objects.requireNonNull(backupLocation, "media.backupLocation");
            if (!List.of("yes", "no", "unknown").contains(dataBackedUp)) {
                throw new IllegalArgumentException("media.dataBackedUp: must be yes, no or unknown");
            }
        }
    }

    /** Validates presence of every required field ({@code notes} may be empty, never null). */
    public SanitizationCertificate {
        requireText(certificateId, "certificateId");
        Objects.requireNonNull(performedBy, "performedBy");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(method, "method");
        requireText(technique, "technique");
        requireText(tool, "tool");
        Objects.requireNonNull(verification, "verification");
        requireText(verificationDetails, "verificationDetails");
        requireText(destination, "destination");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(performedAt, "performedAt");
        Objects.requireNonNull(validatedBy, "validatedBy");
    }

    private static void requireText(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(field + ": required (NIST SP 800-88 certificate field, K3-2-3)");
        }
    }

    /** The certificate as a JSON object of strings (the signed content). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new TreeMap<>();
        m.put("certificate_id", certificateId);
        m.put("performed_by", person(performedBy));
        Map<String, Object> md = new TreeMap<>();
        md.put("type", media.type());
        md.put("manufacturer", media.manufacturer());
        md.put("model", media.model());
        md.put("serial_number", media.serialNumber());
        md.put("property_number", media.propertyNumber());
        md.put("source", media.source());
        md.put("data_backed_up", media.dataBackedUp());
        md.put("backup_location", media.backupLocation());
        m.put("media", md);
        m.put("method", method.name().toLowerCase(Locale.ROOT));
        m.put("technique", technique);
        m.put("tool", tool);
        m.put("verification", verification.name().toLowerCase(Locale.ROOT));
        m.put("verification_details", verificationDetails);
        m.put("destination", destination);
        m.put("notes", notes);
        m.put("performed_at", performedAt.toString());
        m.put("validated_by", person(validatedBy));
        m.put("standard", "NIST SP 800-88 Rev. 1");
        return m;
    }

    private static Map<String, Object> person(Person p) {
        Map<String, Object> m = new TreeMap<>();
        m.put("name", p.name());
        m.put("title", p.title());
        m.put("organization", p.organization());
        m.put("location", p.location());
        m.put("phone", p.phone());
        return m;
    }

    /** RFC 8785 canonical bytes of {@link #toJson()} (objects of strings: sorted keys, JCS string escaping). */
    public byte[] canonicalBytes() {
        return CanonicalJson.encode(toJson());
    }

    /** Lowercase hex SHA-256 of the canonical bytes. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalBytes()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs the certificate.
     *
     * @return the signed document: {@code {"format":"mimamori-sanitization-certificate","version":1,
     *     "certificate":{…},"signature":{"alg":…,"key_id":…,"sig":base64url}}}
     */
    public Map<String, Object> sign(Signer signer) throws CryptoException {
        byte[] sig = signer.sign(canonicalBytes());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "mimamori-sanitization-certificate");
        doc.put("version", 1);
        doc.put("certificate", toJson());
        doc.put("signature", Map.of("alg", signer.algorithmName(), "key_id", signer.keyId(),
                "sig", Base64.getUrlEncoder().withoutPadding().encodeToString(sig)));
        return doc;
    }

    /**
     * Verifies a signature made by {@link #sign} over this certificate.
     *
     * @throws SignatureInvalidException if {@code signature} is not {@code verifier}'s key's signature of
     *                                   {@link #canonicalBytes()}
     */
    public void verify(byte[] signature, Verifier verifier) throws SignatureInvalidException {
        try {
            verifier.verify(signature, canonicalBytes());
        } catch (SignatureInvalidException e) {
            throw new SignatureInvalidException("sanitization certificate " + certificateId + ": signature invalid");
        }
    }

    /** The {@link EvidenceTypes#SANITIZATION} record: what the log keeps of a certificate. */
    public EvidenceRecord toRecord(Signer signer) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("certificate_id", certificateId);
        b.put("certificate_hash", hash());
        b.put("hash_alg", "sha-256");
        b.put("media_type", media.type());
        b.put("media_serial", media.serialNumber());
        b.put("source", media.source());
        b.put("method", method.name().toLowerCase(Locale.ROOT));
        b.put("technique", technique);
        b.put("tool", tool);
        b.put("verification", verification.name().toLowerCase(Locale.ROOT));
        b.put("principal", performedBy.name());
        b.put("validated_by", validatedBy.name());
        b.put("performed_at", performedAt.toString());
        b.put("key_id", signer.keyId());
        b.put("requirements", List.of("K3-2-3"));
        return EvidenceRecord.of(EvidenceTypes.SANITIZATION, performedAt, b);
    }

    /** The certificate for people, in Japanese ({@code ja}) or English. */
    public String render(Locale locale) {
        boolean ja = "ja".equals(locale.getLanguage());
        StringBuilder sb = new StringBuilder();
        if (ja) {
            sb.append("媒体消去証明書(NIST SP 800-88 Rev. 1 付録G準拠) ").append(certificateId).append('\n');
            sb.append("実施者: ").append(p(performedBy)).append('\n');
            sb.append("媒体: ").append(media.type()).append(' ').append(media.manufacturer()).append(' ')
                    .append(media.model()).append(" 製造番号 ").append(media.serialNumber())
                    .append(media.propertyNumber().isEmpty() ? "" : " 資産番号 " + media.propertyNumber())
                    .append(" 出所 ").append(media.source()).append('\n');
            sb.append("バックアップ: ").append(media.dataBackedUp())
                    .append(media.backupLocation().isEmpty() ? "" : "(" + media.backupLocation() + ")").append('\n');
            sb.append("消去区分: ").append(method.ja()).append(" 手法: ").append(technique).append('\n');
            sb.append("使用ツール: ").append(tool).append('\n');
            sb.append("検証: ").append(verification == Verification.FULL ? "全数" : verification
                    == Verification.QUICK_SAMPLING ? "抜き取り" : "その他").append("(")
                    .append(verificationDetails).append(")\n");
            sb.append("処分先: ").append(destination).append('\n');
            sb.append("実施日時: ").append(performedAt).append('\n');
            sb.append("確認者: ").append(p(validatedBy)).append('\n');
            if (!notes.isEmpty()) {
                sb.append("備考: ").append(notes).append('\n');
            }
            sb.append("根拠: 熊谷市ガイドライン 第3-2(3)(K3-2-3)\n");
        } else {
            sb.append("Certificate of media sanitization (NIST SP 800-88 Rev. 1, Appendix G) ")
                    .append(certificateId).append('\n');
            sb.append("Performed by: ").append(p(performedBy)).append('\n');
            sb.append("Media: ").append(media.type()).append(' ').append(media.manufacturer()).append(' ')
                    .append(media.model()).append(", serial ").append(media.serialNumber())
                    .append(media.propertyNumber().isEmpty() ? "" : ", property no. " + media.propertyNumber())
                    .append(", source ").append(media.source()).append('\n');
            sb.append("Data backed up: ").append(media.dataBackedUp())
                    .append(media.backupLocation().isEmpty() ? "" : " (" + media.backupLocation() + ")")
                    .append('\n');
            sb.append("Sanitization: ").append(method.name().charAt(0)).append(method.name().substring(1)
                    .toLowerCase(Locale.ROOT)).append(", technique: ").append(technique).append('\n');
            sb.append("Tool: ").append(tool).append('\n');
            sb.append("Verification: ").append(verification.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(" (").append(verificationDetails).append(")\n");
            sb.append("Destination: ").append(destination).append('\n');
            sb.append("Performed at: ").append(performedAt).append('\n');
            sb.append("Validated by: ").append(p(validatedBy)).append('\n');
            if (!notes.isEmpty()) {
                sb.append("Notes: ").append(notes).append('\n');
            }
            sb.append("Basis: Kumagaya guideline 3-2(3) (K3-2-3)\n");
        }
        return sb.toString();
    }

    private static String p(Person x) {
        StringBuilder s = new StringBuilder(x.name());
        if (!x.title().isEmpty()) {
            s.append(", ").append(x.title());
        }
        s.append(", ").append(x.organization());
        if (!x.location().isEmpty()) {
            s.append(", ").append(x.location());
        }
        if (!x.phone().isEmpty()) {
            s.append(", ").append(x.phone());
        }
        return s.toString();
    }
}
