package jp.mimamori.integrity.log;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Another process holding an evidence log folder open until its standard input closes. */
public final class LogHolderChild {
    private LogHolderChild() {}

    /** Opens the log in folder args[0], prints "open", then waits for end of input and closes it. */
    public static void main(String[] args) throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(Path.of(args[0]))) {
            System.out.println("open");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
