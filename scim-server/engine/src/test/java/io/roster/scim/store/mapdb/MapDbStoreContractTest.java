package io.roster.scim.store.mapdb;

import io.roster.scim.store.StoreContractTest;

/** The store contract suite against the MapDB backend. */
class MapDbStoreContractTest extends StoreContractTest {
    @Override
    public String provider() {
        return MapDbStoreProvider.NAME;
    }
}
