package jp.mimamori.integrity.seal;

import jp.mimamori.integrity.keys.SigningKey;

/** The algorithm name of a key, as manifests write it. */
final class Keys {
    private Keys() {}

    static String algName(SigningKey k) {
        return k.algorithm().wireName();
    }
}
