package io.roster.scim.store;

/** A unit of work run atomically by the store's writer. */
@FunctionalInterface
public interface StoreWork<T> {
    T apply(StoreWriter writer);
}
