/**
 * Files from outside and files the library keeps, for every module: reading with bounded memory
 * ({@link jp.mimamori.core.internal.io.BoundedFiles}: only regular files, the size checked before reading, never
 * more than the limit read; the CLI reads every file it is given through it), confinement
 * ({@link jp.mimamori.core.internal.io.ConfinedFiles}: inside a folder an insider may write to — a store, a log, a
 * retention folder — files are opened, listed and deleted only when reached from the root without following a
 * link, and FIFOs, sockets and devices are refused unopened) and crash-safe writes
 * ({@link jp.mimamori.core.internal.io.DurableFiles}: temporary file, fsync, atomic rename (required), folder
 * fsync; used by the sealed store, chain state, the log's tree state and checkpoints, key vaults and holds; secrets
 * owner-only from their creation), reading secrets only when no one else can read them
 * ({@link jp.mimamori.core.internal.io.SecretFiles}) and one
 * owner per folder ({@link jp.mimamori.core.internal.io.FolderLock}: an exclusive file lock, used by the retention
 * state folder and each camera chain).
 * Exported only to Mimamori's own modules (qualified export), not API.
 *
 * <p>May use: the JDK only.
 */
package jp.mimamori.core.internal.io;
