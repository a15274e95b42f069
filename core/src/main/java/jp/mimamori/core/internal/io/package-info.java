/**
 * Reading files from outside with bounded memory ({@link jp.mimamori.core.internal.io.BoundedFiles}): only
 * regular files, the size checked before reading, never more than the limit read. Exported only to Mimamori's
 * own modules; the CLI reads every file it is given through it.
 *
 * <p>May use: the JDK.
 */
package jp.mimamori.core.internal.io;
