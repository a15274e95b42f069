package jp.mimamori.cli.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintWriter;
import java.util.Map;
import jp.mimamori.core.internal.json.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Printing to the command's own streams (what tests and {@code Main} capture), flushed after each call: text,
 * one canonical JSON document on one line, or pretty-printed JSON.
 */
@Command // a mixin with no options of its own must still be marked as one
public final class Output {
    private static final ObjectWriter COMPACT = new ObjectMapper().writer();
    private static final ObjectWriter PRETTY = new ObjectMapper().writerWithDefaultPrettyPrinter();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Standard output. */
    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error. */
    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code text} as it is. */
    public void print(String text) {
        out().print(text);
        out().flush();
    }

    /** Prints one line. */
    public void println(String line) {
        out().println(line);
        out().flush();
    }

    /** Prints one canonical (RFC 8785) JSON document on its own line. */
    public void printCanonical(Map<String, Object> doc) {
        println(CanonicalJson.encodeToString(doc));
    }

    /** Prints {@code value} as JSON on one line, fields in the map's order. */
    public void printCompact(Object value) throws JsonProcessingException {
        println(COMPACT.writeValueAsString(value));
    }

    /** Prints {@code value} as pretty-printed JSON on its own lines. */
    public void printPretty(Object value) throws JsonProcessingException {
        println(PRETTY.writeValueAsString(value));
    }

    /** {@code value} as pretty-printed JSON bytes, as the commands write JSON files. */
    public static byte[] prettyBytes(Object value) throws JsonProcessingException {
        return PRETTY.writeValueAsBytes(value);
    }

    /** The usage help of the command. */
    public void usage() {
        spec.commandLine().usage(out());
        out().flush();
    }
}
