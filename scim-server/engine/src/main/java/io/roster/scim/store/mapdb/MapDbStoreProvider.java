package io.roster.scim.store.mapdb;

import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;

/** The MapDB backend, {@code --store mapdb}, the default: everything in the data directory. */
public final class MapDbStoreProvider implements StoreProvider {
    public static final String NAME = StoreProvider.DEFAULT;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ResourceStore open(StoreConfig config) {
        return MapDbStore.open(config, MapDbStore.Options.defaults());
    }
}
