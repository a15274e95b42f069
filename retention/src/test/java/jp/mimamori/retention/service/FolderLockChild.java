package jp.mimamori.retention.service;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.mimamori.core.internal.io.FolderLock;

/** Another process holding a retention state folder until its standard input closes. */
public final class FolderLockChild {
    private FolderLockChild() {}

    /** Locks the folder args[0], prints "locked", then waits for end of input. */
    public static void main(String[] args) throws Exception {
        try (FolderLock lock = FolderLock.acquire(Path.of(args[0]), "retention state folder")) {
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
