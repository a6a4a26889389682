package io.roster.scim.store;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract suite (see the {@code io.roster.scim.store} package documentation for the
 * contract): every promise, one part per interface, run against the backend a subclass names. A new
 * backend gets a subclass of a few lines and passes all of it before anything else runs on it.
 * <ul>
 *   <li>{@link UnitOfWorkContract}: atomic, durable on return, serializable (rules 1 to 3);</li>
 *   <li>{@link VersionAndReadContract}: versions checked by the store, committed and consistent reads (rules 4, 5);</li>
 *   <li>{@link IndexContract}: unique and ordered indexes, range scans and counts (rule 6);</li>
 *   <li>{@link MembershipContract}: membership both ways, deletes cascading (rule 7);</li>
 *   <li>{@link QueryContract}: queries paged by startIndex or keyset, every match once, counted (rule 8);</li>
 *   <li>{@link CrashContract}: a process killed mid-write loses no acknowledged unit and leaves none half-done;</li>
 *   <li>{@link BackupContract}: online backups of one instant, and what export and import use (rule 10).</li>
 * </ul>
 */
public abstract class StoreContractTest implements UnitOfWorkContract, VersionAndReadContract, IndexContract,
        MembershipContract, QueryContract, CrashContract, BackupContract {
    @TempDir
    Path dir;
    private ResourceStore store;

    @Override
    public Map<String, String> options() {
        return Map.of();
    }

    protected ResourceStore open() {
        return StoreProvider.openStore(ContractData.config(provider(), dir, options()));
    }

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public ResourceStore store() {
        return store;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public void reopen() {
        store.close();
        store = open();
    }
}
