package io.roster.scim.service;

import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWork;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A store that lets another writer get in first: for the next {@link #race} writes (or submits), it
 * changes a resource just before handing the caller's work to the writer, as a concurrent request would
 * between the caller's preparation and its write. It also counts reads, and reads made from inside a
 * write, which a prepared write never makes.
 */
final class RacingStore implements ResourceStore {
    private final ResourceStore inner;
    private final ThreadLocal<Boolean> inWriter = ThreadLocal.withInitial(() -> false);
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger readsInsideWriter = new AtomicInteger();
    private int races;
    private String type;
    private String id;
    private Function<JsonObject, JsonObject> change;

    RacingStore(ResourceStore inner) {
        this.inner = inner;
    }

    /** The next {@code times} writes each first apply {@code change} to the resource, as another client. */
    synchronized void race(int times, String type, String id, Function<JsonObject, JsonObject> change) {
        this.races = times;
        this.type = type;
        this.id = id;
        this.change = change;
    }

    private synchronized void maybeRace() {
        if (races <= 0) {
            return;
        }
        races--;
        inner.write(w -> {
            StoredResource r = w.get(type, id);
            w.put(r.next(change.apply(r.attributes()), Instant.now()));
            return null;
        });
    }

    private <T> StoreWork<T> marked(StoreWork<T> work) {
        return w -> {
            inWriter.set(true);
            try {
                return work.apply(w);
            } finally {
                inWriter.set(false);
            }
        };
    }

    @Override
    public <T> T read(Function<StoreReader, T> work) {
        reads.incrementAndGet();
        if (inWriter.get()) {
            readsInsideWriter.incrementAndGet();
        }
        return inner.read(work);
    }

    @Override
    public <T> T write(StoreWork<T> work) {
        maybeRace();
        return inner.write(marked(work));
    }

    @Override
    public <T> CompletableFuture<T> submit(StoreWork<T> work) {
        maybeRace();
        return inner.submit(marked(work));
    }

    @Override
    public void close() {
        inner.close();
    }
}
