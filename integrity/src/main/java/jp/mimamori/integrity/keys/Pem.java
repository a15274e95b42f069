package jp.mimamori.integrity.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.error.CryptoException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text in and out (RFC 7468), with every parser failure turned into a {@link CryptoException}. */
final class Pem {
    /** Larger PEM text is refused outright (keys and certificate bundles are far smaller). */
    static final int MAX_CHARS = 1 << 20;

    private Pem() {}

    /** Every PEM block in {@code text}, in order; at least one. Never includes the input in messages. */
    static List<PemObject> readAll(String text, String what) throws CryptoException {
        if (text == null) {
            throw new CryptoException(what + ": no PEM text (null)");
        }
        if (text.length() > MAX_CHARS) {
            throw new CryptoException(what + ": PEM text longer than " + MAX_CHARS + " characters");
        }
        List<PemObject> out = new ArrayList<>();
        try (PemReader r = new PemReader(new StringReader(text))) {
            for (PemObject o = r.readPemObject(); o != null; o = r.readPemObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // Parser messages can quote input; do not chain them for private keys (the caller decides).
            throw new CryptoException(what + ": malformed PEM");
        }
        if (out.isEmpty()) {
            throw new CryptoException(what + ": no PEM block found");
        }
        return out;
    }

    /** The single block of {@code type} in {@code text}. */
    static byte[] readOne(String text, String type, String what) throws CryptoException {
        List<PemObject> all = readAll(text, what);
        if (all.size() != 1) {
            throw new CryptoException(what + ": expected one PEM block, found " + all.size());
        }
        PemObject o = all.get(0);
        if (!type.equals(o.getType())) {
            throw new CryptoException(what + ": expected a \"" + type + "\" PEM block, found \""
                    + printable(o.getType()) + "\"");
        }
        return o.getContent();
    }

    static String write(String type, byte[] der) {
        StringWriter sw = new StringWriter();
        try (PemWriter w = new PemWriter(sw)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return sw.toString();
    }

    static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
