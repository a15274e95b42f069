package jp.mimamori.retention.hold;

/**
 * Who may place and release holds on which camera. The application implements it from the operating rules
 * (typically the camera's operation manager, K3-1-1); retention does not read the rules itself.
 *
 * <p>Called from any thread that places or releases a hold; implementations must be thread-safe.
 */
@FunctionalInterface
public interface HoldAuthority {
    /** Whether {@code principal} may place or release holds on {@code cameraId}. */
    boolean mayHold(String principal, String cameraId);
}
