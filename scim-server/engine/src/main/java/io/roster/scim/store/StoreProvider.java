package io.roster.scim.store;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens a store backend, found by {@link ServiceLoader} and chosen by name in the configuration
 * ({@code --store}, {@link #DEFAULT} when not given). A backend is a jar on the classpath with an
 * implementation of this interface listed in {@code META-INF/services/io.roster.scim.store.StoreProvider};
 * nothing else in the engine names it. Every backend keeps the store contract (see the
 * {@linkplain io.roster.scim.store package documentation}) and passes the contract test suite.
 */
public interface StoreProvider {
    /** The backend bundled with Roster and chosen when the configuration names none. */
    String DEFAULT = "mapdb";

    /** The name configuration chooses this backend by: short, lower case ("mapdb", "postgresql"). */
    String name();

    /**
     * Opens (creating if needed, recovering after a crash) the store described by {@code config}, with a
     * table for every resource type of its registry and every index of {@code config.indexes()} complete
     * before it returns.
     *
     * @throws IllegalStateException with a message for the operator when the store cannot be opened
     */
    ResourceStore open(StoreConfig config);

    /** Opens the store {@code config} names, with the provider of that name. */
    static ResourceStore openStore(StoreConfig config) {
        return named(config.provider(), StoreProvider.class.getClassLoader()).open(config);
    }

    /**
     * The provider called {@code name} among those {@code loader} finds.
     *
     * @throws IllegalStateException naming the backends there are, when none is called so
     */
    static StoreProvider named(String name, ClassLoader loader) {
        List<String> known = new ArrayList<>();
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class, loader)) {
            if (p.name().equals(name)) {
                return p;
            }
            known.add(p.name());
        }
        throw new IllegalStateException("no store backend called '" + name + "'; available: "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + " (choose one with --store)");
    }
}
