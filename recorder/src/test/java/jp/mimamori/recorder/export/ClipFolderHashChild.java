package jp.mimamori.recorder.export;

import java.nio.file.Path;

/** A child JVM that prints the bundle hash of the clip folder {@code args[0]} ({@link ClipFolderHashTest}). */
public final class ClipFolderHashChild {
    private ClipFolderHashChild() {}

    /** Prints {@code ClipFolderHash.of(args[0])}. */
    public static void main(String[] args) throws Exception {
        System.out.println(ClipFolderHash.of(Path.of(args[0])));
    }
}
