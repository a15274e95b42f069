package jp.mimamori.recorder.export;

import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.decision.ExportProtection;

/**
 * How footage is handed over on a permitted disclosure request (K3-4, K3-2-1): how the recipient's identity was
 * checked and its reference, who exports on which system, and the medium and its protection. What the request
 * itself says (who asks, on what basis, for what purpose, which camera and range) is the
 * {@link jp.mimamori.core.decision.DisclosureRequest}.
 *
 * <pre>{@code
 * Handover h = new Handover("警察手帳を対面で確認 / police ID checked in person", Optional.of("佐署刑第123号"),
 *         "op-tanaka", "city-hall-nvr-1", "暗号化した提供用バンドル", ExportProtection.ENCRYPTED_TO_RECIPIENT);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param recipientVerification how the recipient's identity was verified (K3-4)
 * @param recipientReference    the reference of that check (an ID card number, the request letter), if any
 * @param operator              who exports
 * @param exportUnit            the system that exports (ONVIF Export File Format: export unit)
 * @param medium                the medium, such as {@code 暗号化した提供用バンドル / encrypted export bundle}
 * @param protection            how the medium is protected; never {@code UNPROTECTED} (K3-2-1)
 */
public record Handover(String recipientVerification, Optional<String> recipientReference, String operator,
                       String exportUnit, String medium, ExportProtection protection) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a text is blank or the protection is {@code UNPROTECTED} (K3-2-1)
     */
    public Handover {
        for (String[] f : new String[][] {{"recipientVerification", recipientVerification}, {"operator", operator},
                {"exportUnit", exportUnit}, {"medium", medium}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException("handover." + f[0] + ": required (K3-4)");
            }
        }
        recipientReference = Objects.requireNonNull(recipientReference, "recipientReference").filter(r -> !r.isBlank());
        Objects.requireNonNull(protection, "protection");
        if (protection == ExportProtection.UNPROTECTED) {
            throw new IllegalArgumentException("handover.protection: an export must be encrypted to the recipient or"
                    + " kept in an access-controlled store, not UNPROTECTED (K3-2-1)");
        }
    }
}
