package jp.mimamori.retention.testing;

import java.util.Set;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.retention.erase.ErasureAuthority;
import jp.mimamori.testing.TestDecisions;

/**
 * Authority and keys for tests whose subject is not authority: an erasure authority that permits everyone or
 * only named principals (standing in for the operating rules), and a fixed journal key (the same in a killed
 * child JVM and in the test that reopens its folder).
 */
public final class Auth {
    private Auth() {}

    /** Permits every erasure. */
    public static final ErasureAuthority ANYONE = (p, c, t) -> TestDecisions.permit();

    /** Permits erasure by {@code principals} only. */
    public static ErasureAuthority only(String... principals) {
        Set<String> ok = Set.of(principals);
        return (p, c, t) -> ok.contains(p) ? TestDecisions.permit() : TestDecisions.deny();
    }

    /** A fixed 32-byte journal key. */
    public static SecretBytes journalKey() {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) 0x5a);
        return SecretBytes.copyOf(k);
    }
}
