package jp.mimamori.core.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files inside a folder that an adversary may write to (a sealed store, an evidence log, a retention folder, a
 * clip folder), opened, listed and deleted so that nothing planted there leads elsewhere: the one
 * implementation of "never follow a link, never open a FIFO or device, never leave the root" that every module
 * uses (docs/SECURITY.md, "Every input bounded, every path confined").
 *
 * <p>The <em>root</em> is the folder the caller was given (it may itself be reached through links: that was the
 * caller's choice). Below it every component of a path must be a real folder and the last one a regular file
 * (or, for {@link #list}, a real folder): a symbolic link anywhere below the root, a FIFO, a socket or a device
 * is refused with a {@link RefusedException} naming the path and the reason, before anything is opened, so
 * that a planted FIFO never blocks a reader and a link to {@code /dev/zero} never feeds one endlessly. A path
 * that leaves the root ({@code ..}, or an absolute path elsewhere) is refused too.
 *
 * <p>Where the platform offers it (Linux, macOS: a {@link SecureDirectoryStream}), the walk goes down from the
 * root one open folder at a time ({@code openat} with {@code O_NOFOLLOW}), so a folder swapped for a link while
 * the walk is under way is refused as well; elsewhere each component is checked without following links and
 * the last one opened with {@link LinkOption#NOFOLLOW_LINKS}. One window remains everywhere: a regular file
 * replaced by a FIFO between its check and its opening makes the open block until someone writes to the FIFO.
 * That is a denial of service by an insider who wins a race, not an escape from the root.
 *
 * <p>Reading with a size limit goes through {@link BoundedFiles#read(Path, Path, int)}, which uses this class. A
 * reader of many files in a few folders holds those folders open ({@link #openFolder}, {@link Folder}) and reads
 * with {@link BoundedFiles#read(Folder, String, int)}: the same checks, without walking from the root every time.
 *
 * <pre>{@code
 * Path store = Path.of("store");
 * ConfinedFiles.Listing cams = ConfinedFiles.list(store, store, 10_000);
 * for (ConfinedFiles.Refused r : cams.refused()) {
 *     System.out.println("not followed: " + r.path() + " (" + r.reason() + ")");
 * }
 * try (InputStream in = ConfinedFiles.newInputStream(store, store.resolve("cam-01/chain.json"))) {
 *     // ... read with a limit
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfinedFiles {
    private ConfinedFiles() {}

    /** Why a path was refused. */
    public enum Refusal {
        /** A symbolic link below the root; links are never followed there. */
        LINK("a symbolic link; links are not followed here", "シンボリックリンクは辿りません"),
        /** A FIFO, socket or device: never opened, as reading it could block or never end. */
        SPECIAL_FILE("a device, FIFO or socket, not a regular file", "通常のファイルではありません"),
        /** A folder where a regular file was expected. */
        FOLDER("a folder, not a regular file", "フォルダです(ファイルではありません)"),
        /** A regular file or special file where a folder was expected. */
        NOT_A_FOLDER("not a folder", "フォルダではありません"),
        /** A path that leaves the root. */
        OUTSIDE_ROOT("outside the folder it must stay in", "対象フォルダの外です");

        private final String en;
        private final String ja;

        Refusal(String en, String ja) {
            this.en = en;
            this.ja = ja;
        }

        /** The reason in English. */
        public String english() {
            return en;
        }

        /** The reason in Japanese. */
        public String japanese() {
            return ja;
        }
    }

    /** A path refused for a {@link Refusal}; its message is one line naming the path, in English and Japanese. */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path path;
        private final Refusal reason;

        /** A refusal of {@code path} for {@code reason}. */
        public RefusedException(Path path, Refusal reason) {
            super(path + ": " + reason.english() + " / " + reason.japanese());
            this.path = path;
            this.reason = reason;
        }

        /** The path refused. */
        public Path path() {
            return path;
        }

        /** Why. */
        public Refusal reason() {
            return reason;
        }
    }

    /** The kind of a folder entry, read without following links. */
    public enum Kind {
        /** A regular file. */
        FILE,
        /** A real folder (not a link to one). */
        FOLDER,
        /** A symbolic link (never followed). */
        LINK,
        /** A FIFO, socket or device (never opened). */
        SPECIAL;

        /** The kind of {@code a}, attributes read without following links. */
        public static Kind of(BasicFileAttributes a) {
            if (a.isSymbolicLink()) {
                return LINK;
            }
            if (a.isDirectory()) {
                return FOLDER;
            }
            return a.isRegularFile() ? FILE : SPECIAL;
        }

        Refusal asFileRefusal() {
            return switch (this) {
                case LINK -> Refusal.LINK;
                case FOLDER -> Refusal.FOLDER;
                default -> Refusal.SPECIAL_FILE;
            };
        }
    }

    /** An entry of a folder that was not listed as a file or folder: a link or a special file. */
    public record Refused(Path path, Refusal reason) {
        /** The exception a caller that cannot go on throws for this entry. */
        public RefusedException exception() {
            return new RefusedException(path, reason);
        }
    }

    /**
     * A folder's entries: regular files and real folders (each as {@code dir.resolve(name)}, sorted by name), and
     * what was refused (links, FIFOs, sockets, devices), never followed nor opened.
     */
    public record Listing(List<Path> files, List<Path> folders, List<Refused> refused) {
        /** Copies the lists. */
        public Listing {
            files = List.copyOf(files);
            folders = List.copyOf(folders);
            refused = List.copyOf(refused);
        }

        /**
         * This listing if nothing was refused.
         *
         * @throws RefusedException for the first refused entry
         */
        public Listing requireNothingRefused() throws RefusedException {
            if (!refused.isEmpty()) {
                throw refused.get(0).exception();
            }
            return this;
        }
    }

    /** The folder holds more entries than its reader allows. */
    public static final class TooManyEntriesException extends IOException {
        private static final long serialVersionUID = 1L;

        TooManyEntriesException(Path dir, int max) {
            super(dir + ": more than " + max + " entries / 項目が多すぎます(上限 " + max + ")");
        }
    }

    /**
     * The attributes of {@code file}, reached from {@code root} without following any link; the file itself
     * may be of any kind (a link's own attributes are returned for a link at the last component).
     *
     * @throws RefusedException     if a folder on the way is a link or not a folder, or the path leaves the root
     * @throws NoSuchFileException  if it does not exist
     */
    public static BasicFileAttributes attributes(Path root, Path file) throws IOException {
        if (relative(root, file).toString().isEmpty()) {
            return Files.readAttributes(root, BasicFileAttributes.class);
        }
        try (Walk w = walk(root, file)) {
            return w.attributes(w.last());
        }
    }

    /**
     * The kind of {@code file} below {@code root} (never following a link), or empty if it does not exist.
     *
     * @throws RefusedException if a folder on the way is a link or not a folder, or the path leaves the root
     */
    public static java.util.Optional<Kind> kind(Path root, Path file) throws IOException {
        try {
            return java.util.Optional.of(Kind.of(attributes(root, file)));
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (RefusedException e) {
            if (e.reason() == Refusal.NOT_A_FOLDER && !e.path().equals(file)) {
                return java.util.Optional.empty(); // a file on the way: file cannot exist
            }
            throw e;
        }
    }

    /**
     * Whether {@code file} below {@code root} exists as a regular file reached without links; a link, FIFO,
     * socket, device or folder there is a {@link RefusedException}, not {@code false}, so that a planted link is
     * reported rather than silently skipped.
     */
    public static boolean isRegularFile(Path root, Path file) throws IOException {
        java.util.Optional<Kind> k = kind(root, file);
        if (k.isEmpty()) {
            return false;
        }
        if (k.get() != Kind.FILE) {
            throw new RefusedException(file, k.get().asFileRefusal());
        }
        return true;
    }

    /**
     * Opens the regular file {@code file} below {@code root} for reading, reached without following any link.
     *
     * @throws RefusedException    if it or a folder on the way is a link, it is a FIFO, socket, device or
     *                             folder, or it leaves the root
     * @throws NoSuchFileException if it does not exist
     */
    public static FileChannel open(Path root, Path file) throws IOException {
        return open(root, file, Set.of(StandardOpenOption.READ));
    }

    /**
     * Opens the regular file {@code file} below {@code root} with {@code options} (for example
     * {@code WRITE} to overwrite it in place, or {@code CREATE_NEW, WRITE}), reached without following any link;
     * {@link LinkOption#NOFOLLOW_LINKS} is always added. An existing file must be a regular file.
     *
     * @throws RefusedException    as {@link #open(Path, Path)}
     * @throws NoSuchFileException if it does not exist and no {@code CREATE} option was given
     */
    public static FileChannel open(Path root, Path file, Set<? extends OpenOption> options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(options);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        boolean create = opts.contains(StandardOpenOption.CREATE) || opts.contains(StandardOpenOption.CREATE_NEW);
        try (Walk w = walk(root, file)) {
            if (w.rel.toString().isEmpty()) {
                throw new RefusedException(file, Refusal.FOLDER);
            }
            return openIn(w.sds, w.dir, w.last(), file, opts, create);
        }
    }

    /**
     * Opens {@code name} in the folder {@code dir} (held open as {@code sds} where the platform allows) with
     * {@code opts}, which hold {@link LinkOption#NOFOLLOW_LINKS}; an existing entry must be a regular file.
     */
    private static FileChannel openIn(SecureDirectoryStream<Path> sds, Path dir, Path name, Path file,
            Set<OpenOption> opts, boolean create) throws IOException {
        try {
            Kind k = Kind.of(attributesIn(sds, dir, name, file));
            if (k != Kind.FILE) {
                throw new RefusedException(file, k.asFileRefusal());
            }
        } catch (NoSuchFileException e) {
            if (!create) {
                throw e;
            }
        }
        SeekableByteChannel ch;
        try {
            ch = sds != null ? sds.newByteChannel(name, opts) : FileChannel.open(dir.resolve(name), opts);
        } catch (FileSystemException e) {
            throw refinedFailure(sds, dir, name, file, e);
        }
        if (ch instanceof FileChannel fc) {
            return fc;
        }
        ch.close();
        throw new IOException(file + ": the file system gave no file channel / ファイルを開けません");
    }

    /** The attributes of {@code name} in {@code dir} (open as {@code sds} when not null), not following a link. */
    private static BasicFileAttributes attributesIn(SecureDirectoryStream<Path> sds, Path dir, Path name, Path file)
            throws IOException {
        try {
            if (sds != null) {
                return sds.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            }
            return Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString());
        }
    }

    /**
     * Opens the real folder {@code dir} below (or equal to) {@code root}, reached without following any link, and
     * holds it open, so that the files in it are opened without walking down from the root again: for a reader
     * that opens many files of a few folders (the tiles of a tile folder). Close it when done.
     *
     * @throws RefusedException    if it or a folder on the way is a link or not a folder, or it leaves the root
     * @throws NoSuchFileException if it does not exist
     */
    public static Folder openFolder(Path root, Path dir) throws IOException {
        Walk w = walk(root, dir);
        try (w) {
            if (w.sds == null) {
                if (!w.rel.toString().isEmpty()) {
                    Kind k = Kind.of(w.attributes(w.last()));
                    if (k != Kind.FOLDER) {
                        throw new RefusedException(dir, k == Kind.LINK ? Refusal.LINK : Refusal.NOT_A_FOLDER);
                    }
                }
                return new Folder(root, dir, null);
            }
            if (w.rel.toString().isEmpty()) {
                DirectoryStream<Path> ds = rootDir(w.dir, dir);
                if (!(ds instanceof SecureDirectoryStream<Path> s)) {
                    ds.close();
                    return new Folder(root, dir, null);
                }
                return new Folder(root, dir, s);
            }
            Path name = w.last();
            Kind k = Kind.of(w.attributes(name));
            if (k != Kind.FOLDER) {
                throw new RefusedException(dir, k == Kind.LINK ? Refusal.LINK : Refusal.NOT_A_FOLDER);
            }
            try {
                return new Folder(root, dir, w.sds.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
            } catch (FileSystemException e) {
                throw new RefusedException(dir, Refusal.LINK); // swapped for a link or a file since it was checked
            }
        }
    }

    /**
     * {@link #openFolder}, or null when {@code dir} does not exist (a try-with-resources statement takes null).
     */
    public static Folder openFolderIfExists(Path root, Path dir) throws IOException {
        try {
            return openFolder(root, dir);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * A real folder below a root, held open ({@link #openFolder}): its regular files are opened relative to the open
     * folder, never through a link, a FIFO, socket or device refused before it is opened, exactly as
     * {@link ConfinedFiles#open(Path, Path)} does from the root. Where the platform has no
     * {@link SecureDirectoryStream}, every open walks from the root again.
     *
     * <p>The handle names the folder it opened: if an insider later moves that folder away and plants a link in
     * its place, files are still opened in the real folder that was below the root when it was opened (whose
     * files the insider could as well have written in place), never where the link points. Readers that must see
     * replaced folders open a new handle.
     *
     * <p>Thread-safe; not to be used after {@link #close()} (opening then fails with
     * {@link java.nio.file.ClosedDirectoryStreamException} where the folder is held open).
     */
    public static final class Folder implements java.io.Closeable {
        private final Path root;
        private final Path path;
        private final SecureDirectoryStream<Path> sds;

        private Folder(Path root, Path path, SecureDirectoryStream<Path> sds) {
            this.root = root;
            this.path = path;
            this.sds = sds;
        }

        /** The folder as the caller named it. */
        public Path path() {
            return path;
        }

        /**
         * Opens the regular file {@code name} (one path element) of this folder for reading, never through a link.
         *
         * @throws RefusedException    if it is a link, a FIFO, socket, device or folder, or {@code name} is not one
         *                             plain path element ({@code ..}, a separator)
         * @throws NoSuchFileException if it does not exist
         */
        public FileChannel open(String name) throws IOException {
            Path n = element(name);
            Path file = path.resolve(n);
            if (sds == null) {
                return ConfinedFiles.open(root, file);
            }
            Set<OpenOption> opts = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return openIn(sds, path, n, file, opts, false);
        }

        /**
         * The real child folder {@code name} (one path element), held open relative to this one.
         *
         * @throws RefusedException    if it is a link or not a folder, or {@code name} is not one plain path element
         * @throws NoSuchFileException if it does not exist
         */
        public Folder folder(String name) throws IOException {
            Path n = element(name);
            Path child = path.resolve(n);
            if (sds == null) {
                requireFolder(root, child);
                return new Folder(root, child, null);
            }
            Kind k = Kind.of(attributesIn(sds, path, n, child));
            if (k != Kind.FOLDER) {
                throw new RefusedException(child, k == Kind.LINK ? Refusal.LINK : Refusal.NOT_A_FOLDER);
            }
            try {
                return new Folder(root, child, sds.newDirectoryStream(n, LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(child.toString());
            } catch (FileSystemException e) {
                throw new RefusedException(child, Refusal.LINK); // swapped for a link or a file since it was checked
            }
        }

        /** {@link #folder(String)}, or null when it does not exist (a try-with-resources statement takes null). */
        public Folder folderIfExists(String name) throws IOException {
            try {
                return folder(name);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /** Whether an entry {@code name} exists, of any kind (a link is not followed). */
        public boolean exists(String name) throws IOException {
            Path n = element(name);
            try {
                attributesIn(sds, path, n, path.resolve(n));
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        /**
         * Deletes the entry {@code name} — a regular file, or a link, FIFO or device itself, never what a link
         * points to; returns whether it existed.
         *
         * @throws RefusedException if it is a folder, or {@code name} is not one plain path element
         */
        public boolean delete(String name) throws IOException {
            Path n = element(name);
            Path file = path.resolve(n);
            if (sds == null) {
                return deleteIfExists(root, file);
            }
            try {
                if (Kind.of(attributesIn(sds, path, n, file)) == Kind.FOLDER) {
                    throw new RefusedException(file, Refusal.FOLDER);
                }
                sds.deleteFile(n);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        /**
         * Deletes the empty child folder {@code name}; returns whether it existed.
         *
         * @throws java.nio.file.DirectoryNotEmptyException if it holds anything
         * @throws RefusedException if {@code name} is not one plain path element
         */
        public boolean deleteFolder(String name) throws IOException {
            Path n = element(name);
            try {
                if (sds == null) {
                    requireFolder(root, path.resolve(n));
                    Files.delete(path.resolve(n));
                } else {
                    sds.deleteDirectory(n);
                }
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        /** {@code name} as one plain path element of this folder, else refused. */
        private Path element(String name) throws RefusedException {
            Path n;
            try {
                n = path.getFileSystem().getPath(name);
            } catch (java.nio.file.InvalidPathException e) {
                throw new RefusedException(path, Refusal.OUTSIDE_ROOT);
            }
            if (name.isEmpty() || n.isAbsolute() || n.getNameCount() != 1 || name.equals(".") || name.equals("..")
                    || !n.toString().equals(name)) {
                throw new RefusedException(path.resolve(name), Refusal.OUTSIDE_ROOT);
            }
            return n;
        }

        /** Closes the folder. */
        @Override
        public void close() throws IOException {
            if (sds != null) {
                sds.close();
            }
        }

        @Override
        public String toString() {
            return "Folder[" + path + "]";
        }
    }

    /**
     * An input stream over the regular file {@code file} below {@code root}, reached without following any
     * link; see {@link #open(Path, Path)}. Read it with a limit ({@link BoundedFiles}).
     */
    public static InputStream newInputStream(Path root, Path file) throws IOException {
        return Channels.newInputStream(open(root, file));
    }

    /**
     * The entries of the folder {@code dir} below (or equal to) {@code root}, reached without following any
     * link, at most {@code maxEntries} of them. Links, FIFOs, sockets and devices are listed under
     * {@link Listing#refused()}, never followed or opened; the caller reports them (a verifier) or refuses to
     * go on ({@link Listing#requireNothingRefused()}).
     *
     * @throws RefusedException        if {@code dir} or a folder on the way is a link or not a folder
     * @throws TooManyEntriesException if the folder holds more than {@code maxEntries} entries
     * @throws NoSuchFileException     if it does not exist
     */
    public static Listing list(Path root, Path dir, int maxEntries) throws IOException {
        Walk w = walk(root, dir);
        try (w) {
            DirectoryStream<Path> target;
            boolean own;
            if (w.rel.toString().isEmpty()) {
                target = w.sds != null ? w.sds : Files.newDirectoryStream(w.dir);
                own = w.sds == null;
            } else {
                Path name = w.last();
                Kind k = Kind.of(w.attributes(name));
                if (k != Kind.FOLDER) {
                    throw new RefusedException(dir, k == Kind.LINK ? Refusal.LINK : Refusal.NOT_A_FOLDER);
                }
                target = w.sds != null ? w.sds.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)
                        : Files.newDirectoryStream(w.dir.resolve(name));
                own = true;
            }
            try {
                List<Path> files = new ArrayList<>();
                List<Path> folders = new ArrayList<>();
                List<Refused> refused = new ArrayList<>();
                int n = 0;
                for (Path entry : target) {
                    if (++n > maxEntries) {
                        throw new TooManyEntriesException(dir, maxEntries);
                    }
                    Path name = entry.getFileName();
                    BasicFileAttributes a;
                    if (target instanceof SecureDirectoryStream<Path> s) {
                        a = s.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                                .readAttributes();
                    } else {
                        a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    }
                    Path p = dir.resolve(name.toString());
                    switch (Kind.of(a)) {
                        case FILE -> files.add(p);
                        case FOLDER -> folders.add(p);
                        case LINK -> refused.add(new Refused(p, Refusal.LINK));
                        default -> refused.add(new Refused(p, Refusal.SPECIAL_FILE));
                    }
                }
                files.sort(null);
                folders.sort(null);
                refused.sort((a, b) -> a.path().compareTo(b.path()));
                return new Listing(files, folders, refused);
            } finally {
                if (own) {
                    target.close();
                }
            }
        }
    }

    /**
     * Deletes the regular file (or the link, FIFO or device itself, never what a link points to) {@code file}
     * below {@code root}, reached without following any link; returns whether it existed. A folder is refused.
     *
     * @throws RefusedException if a folder on the way is a link or not a folder, it is a folder, or it leaves
     *                          the root
     */
    public static boolean deleteIfExists(Path root, Path file) throws IOException {
        Walk w = walk(root, file);
        if (w.rel.toString().isEmpty()) {
            throw new RefusedException(file, Refusal.FOLDER);
        }
        try (w) {
            Path name = w.last();
            try {
                if (Kind.of(w.attributes(name)) == Kind.FOLDER) {
                    throw new RefusedException(file, Refusal.FOLDER);
                }
            } catch (NoSuchFileException e) {
                return false;
            }
            try {
                if (w.sds != null) {
                    w.sds.deleteFile(name);
                } else {
                    Files.delete(w.dir.resolve(name));
                }
            } catch (NoSuchFileException e) {
                return false;
            }
            return true;
        }
    }

    /**
     * Checks that {@code dir} is a real folder below (or equal to) {@code root}, reached without following any
     * link, and returns it.
     *
     * @throws RefusedException    if it or a folder on the way is a link or not a folder, or it leaves the root
     * @throws NoSuchFileException if it does not exist
     */
    public static Path requireFolder(Path root, Path dir) throws IOException {
        Kind k = Kind.of(attributes(root, dir));
        if (k != Kind.FOLDER) {
            throw new RefusedException(dir, k == Kind.LINK ? Refusal.LINK : Refusal.NOT_A_FOLDER);
        }
        return dir;
    }

    /** {@code file} relative to {@code root}, both made absolute and normalised; refused if outside. */
    static Path relative(Path root, Path file) throws RefusedException {
        Path r = root.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(r)) {
            throw new RefusedException(file, Refusal.OUTSIDE_ROOT);
        }
        return r.relativize(f);
    }

    /** Walks from the root to the folder holding the last component, one open folder at a time. */
    private static Walk walk(Path root, Path file) throws IOException {
        Path rel = relative(root, file);
        Path rootAbs = root.toAbsolutePath().normalize();
        if (rel.toString().isEmpty()) {
            DirectoryStream<Path> ds = rootDir(rootAbs, file);
            return new Walk(rel, file, rootAbs, ds instanceof SecureDirectoryStream<Path> s ? s : closeNull(ds));
        }
        DirectoryStream<Path> ds = rootDir(rootAbs, file);
        if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
            ds.close();
            Path dir = rootAbs;
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                dir = dir.resolve(rel.getName(i));
                Kind k;
                try {
                    k = Kind.of(Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                } catch (NoSuchFileException e) {
                    throw new NoSuchFileException(file.toString());
                }
                if (k != Kind.FOLDER) {
                    throw new RefusedException(shown(file, rel, i), k == Kind.LINK ? Refusal.LINK
                            : Refusal.NOT_A_FOLDER);
                }
            }
            return new Walk(rel, file, dir, null);
        }
        SecureDirectoryStream<Path> cur = sds;
        try {
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                Path name = rel.getName(i);
                Kind k;
                try {
                    k = Kind.of(cur.getFileAttributeView(name, BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes());
                } catch (NoSuchFileException e) {
                    throw new NoSuchFileException(file.toString());
                }
                if (k != Kind.FOLDER) {
                    throw new RefusedException(shown(file, rel, i), k == Kind.LINK ? Refusal.LINK
                            : Refusal.NOT_A_FOLDER);
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = cur.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    // swapped for a link (ELOOP) or a file (ENOTDIR) since it was checked
                    throw new RefusedException(shown(file, rel, i), Refusal.LINK);
                }
                cur.close();
                cur = next;
            }
            return new Walk(rel, file, rootAbs, cur);
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
    }

    private static DirectoryStream<Path> rootDir(Path rootAbs, Path file) throws IOException {
        Kind k;
        try {
            k = Kind.of(Files.readAttributes(rootAbs, BasicFileAttributes.class)); // the root may be a link
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(rootAbs.equals(file.toAbsolutePath().normalize()) ? file.toString()
                    : rootAbs.toString());
        }
        if (k != Kind.FOLDER) {
            throw new RefusedException(rootAbs, Refusal.NOT_A_FOLDER);
        }
        return Files.newDirectoryStream(rootAbs);
    }

    private static SecureDirectoryStream<Path> closeNull(DirectoryStream<Path> ds) throws IOException {
        ds.close();
        return null;
    }

    /** The path as the caller wrote it, cut after component {@code i} of {@code rel}. */
    private static Path shown(Path file, Path rel, int i) {
        Path p = file;
        for (int k = rel.getNameCount() - 1; k > i && p.getParent() != null; k--) {
            p = p.getParent();
        }
        return p;
    }

    private static IOException refinedFailure(SecureDirectoryStream<Path> sds, Path dir, Path name, Path file,
            FileSystemException e) {
        try {
            Kind k = Kind.of(attributesIn(sds, dir, name, file));
            if (k != Kind.FILE) {
                return new RefusedException(file, k.asFileRefusal()); // swapped since it was checked
            }
        } catch (IOException ignored) {
            // report the original failure
        }
        return e;
    }

    /** A walk's end: the folder holding the last component, open when the platform allows. */
    private static final class Walk implements AutoCloseable {
        final Path rel;
        final Path file;
        final Path dir;
        final SecureDirectoryStream<Path> sds;

        Walk(Path rel, Path file, Path dir, SecureDirectoryStream<Path> sds) {
            this.rel = rel;
            this.file = file;
            this.dir = dir;
            this.sds = sds;
        }

        Path last() {
            return rel.getFileName();
        }

        BasicFileAttributes attributes(Path name) throws IOException {
            return attributesIn(sds, dir, name, file);
        }

        @Override
        public void close() throws IOException {
            if (sds != null) {
                sds.close();
            }
        }
    }
}
