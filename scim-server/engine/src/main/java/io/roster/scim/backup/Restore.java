package io.roster.scim.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Restoring a backup: its files are copied into a new data directory (never over one holding data), which
 * the backend then opens like any other, rebuilding its state from them; the counts the store then
 * reports must equal the manifest's, or the restore is refused.
 */
public final class Restore {
    private Restore() {
    }

    /**
     * Copies the backup in {@code backup} into {@code dataDir}, which must be missing or empty.
     *
     * @return the backup's manifest
     * @throws IOException naming the problem: no complete backup, a data directory holding files, a copy failing
     */
    public static BackupManifest copyInto(Path backup, Path dataDir, Consumer<String> progress) throws IOException {
        BackupManifest manifest = BackupManifest.read(backup);
        requireEmpty(dataDir);
        Progress copied = new Progress("restore: copying", "bytes", manifest.bytes(), progress);
        Files.createDirectories(dataDir);
        Files.walkFileTree(backup, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(dataDir.resolve(backup.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().equals(BackupManifest.FILE)) {
                    Files.copy(file, dataDir.resolve(backup.relativize(file).toString()));
                    copied.advance(attrs.size());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return manifest;
    }

    /** Refuses a data directory that holds anything: a restore never mixes with existing data. */
    public static void requireEmpty(Path dataDir) throws IOException {
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("the data directory " + dataDir.toAbsolutePath() + " is not empty; restore and import "
                            + "write only into a new (missing or empty) directory, so nothing is overwritten");
                }
            }
        } else if (Files.exists(dataDir)) {
            throw new IOException(dataDir.toAbsolutePath() + " exists and is not a directory");
        }
    }

    /**
     * Compares the counts the opened store reports with the manifest's.
     *
     * @throws IOException when they differ: the backup is damaged or incomplete
     */
    public static void verify(BackupManifest manifest, Map<String, Long> opened) throws IOException {
        for (Map.Entry<String, Long> e : manifest.counts().entrySet()) {
            long got = opened.getOrDefault(e.getKey(), 0L);
            if (got != e.getValue()) {
                throw new IOException("the restored store holds " + got + " " + e.getKey() + " resources but the backup's manifest "
                        + "says " + e.getValue() + "; the backup is damaged or incomplete");
            }
        }
    }

    /** Removes a directory and everything in it (a failed restore's or import's output). */
    public static void deleteTree(Path root) throws IOException {
        Backups.deleteTree(root);
    }
}
