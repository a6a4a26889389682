package io.roster.scim.backup;

import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.store.Backup;
import io.roster.scim.store.ResourceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Online backups of a running server, into the folder {@code --backup-dir} names: each backup is a
 * folder {@code roster-<UTC time>} holding what the store's {@link ResourceStore#backup} wrote and a
 * {@link BackupManifest}. It is written under {@code <name>.partial} and renamed when complete, so a
 * folder with a backup's name is always whole. The server never writes anywhere else for a caller, and
 * nothing of a backup is ever sent over HTTP: it holds password hashes and token hashes, which never
 * leave the server through the API (RFC 7643 section 7, {@code returned: never}).
 */
public final class Backups {
    private static final Logger LOG = Logger.getLogger(Backups.class.getName());
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'roster-'yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String PARTIAL = ".partial";

    private final Path dir;
    private final ResourceStore store;
    private final String storeName;
    private final String rosterVersion;
    private final Authorizer authorizer;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    public Backups(Path dir, ResourceStore store, String storeName, String rosterVersion, Authorizer authorizer, Clock clock) {
        this.dir = dir;
        this.store = store;
        this.storeName = storeName;
        this.rosterVersion = rosterVersion;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** Where backups are written. */
    public Path dir() {
        return dir;
    }

    /**
     * Takes a backup now, for {@code caller}.
     *
     * @throws ScimException 403 when the caller may not take backups, 409 when one is running already,
     *                       503 when it cannot be written (the reason is logged and given)
     */
    public BackupManifest create(Principal caller) {
        requireAllowed(caller);
        if (!running.tryLock()) {
            throw ScimException.conflict("A backup is being written already; wait for it to finish and list /backups.");
        }
        try {
            Instant now = clock.instant();
            String name = uniqueName(now);
            Path partial = dir.resolve(name + PARTIAL);
            Path target = dir.resolve(name);
            try {
                Files.createDirectories(dir);
                deleteTree(partial);
                LOG.info("backup " + name + " requested by " + caller.name() + ": writing into " + partial.toAbsolutePath());
                Backup b = store.backup(partial, LOG::info);
                BackupManifest manifest = new BackupManifest(name, storeName, rosterVersion, now, b.position(), b.bytes(), b.counts());
                manifest.writeTo(partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info(String.format("backup %s complete: %s (%.1f MB)", name, target.toAbsolutePath(), b.bytes() / 1e6));
                return manifest;
            } catch (IOException | UncheckedIOException e) {
                LOG.warning("backup " + name + " failed: " + e.getMessage());
                try {
                    deleteTree(partial);
                } catch (IOException ignored) {
                    // reported above; a leftover .partial folder is never taken for a backup
                }
                throw ScimException.unavailable("The backup could not be written (" + e.getMessage()
                        + "); check that " + dir.toAbsolutePath() + " is writable and has space, then try again.");
            }
        } finally {
            running.unlock();
        }
    }

    /** The complete backups in the folder, oldest first. */
    public List<BackupManifest> list(Principal caller) {
        requireAllowed(caller);
        List<BackupManifest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "roster-*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !p.getFileName().toString().endsWith(PARTIAL)) {
                    try {
                        out.add(BackupManifest.read(p));
                    } catch (IOException e) {
                        LOG.fine("not listed: " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw ScimException.unavailable("The backup folder " + dir.toAbsolutePath() + " cannot be read: " + e.getMessage());
        }
        out.sort(Comparator.comparing(BackupManifest::name));
        return out;
    }

    private void requireAllowed(Principal caller) {
        String denied = authorizer.backupDenied(caller);
        if (denied != null) {
            throw ScimException.forbidden(denied);
        }
    }

    private String uniqueName(Instant now) {
        String base = NAME.format(now);
        String name = base;
        for (int i = 2; Files.exists(dir.resolve(name)); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
