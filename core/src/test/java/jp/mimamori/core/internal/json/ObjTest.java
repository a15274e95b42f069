package jp.mimamori.core.internal.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.mimamori.core.error.Problem;
import org.junit.jupiter.api.Test;

/** The one strict reader's field accessors the manifest files need (K3-2-4): hex, base64url, bounded arrays. */
class ObjTest {

    private static JsonInput in;

    private static Obj read(String json) {
        in = new JsonInput("test", "K3-2-4");
        return in.canonical(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    private static String problems() {
        return in.problems().stream().map(p -> p.path() + ": " + p.message().en()).collect(Collectors.joining("; "));
    }

    @Test
    void hex32_decodesOrNamesTheField() {
        Obj o = read("{\"a\":\"" + "0f".repeat(32) + "\",\"b\":\"" + "0F".repeat(32) + "\"}");
        assertEquals(32, o.hex32("a").orElseThrow().length);
        assertTrue(o.hex32("b").isEmpty());
        assertTrue(o.optHex32("c").isEmpty());
        assertEquals("b: must be 64 lowercase hex digits", problems());
    }

    @Test
    void base64url_withoutPaddingOnly_andBoundedBeforeDecoding() {
        Obj o = read("{\"a\":\"AQID\",\"b\":\"AQI=\",\"c\":\"" + "A".repeat(100) + "\"}");
        assertArrayEquals(new byte[] {1, 2, 3}, o.base64url("a", 16).orElseThrow());
        assertTrue(o.base64url("b", 16).isEmpty());
        assertTrue(o.base64url("c", 16).isEmpty());
        assertEquals("b: must be base64url without padding; c: must be base64url without padding", problems());
    }

    @Test
    void boundedArrays_refuseMoreEntries() {
        Obj o = read("{\"a\":[{},{},{}],\"b\":[\"x\",\"y\"]}");
        assertEquals(List.of(), o.objects("a", true, 2));
        assertEquals(List.of("x", "y"), o.texts("b", true, 2, Pattern.compile("[a-z]"), "英小文字", "a letter"));
        assertEquals("a: more than 2 entries", problems());
        List<Problem> all = in.problems();
        assertEquals("K3-2-4", all.get(0).requirement());
    }
}
