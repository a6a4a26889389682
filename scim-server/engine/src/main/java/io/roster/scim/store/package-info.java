/**
 * The storage SPI: what every backend guarantees, and the types that cross it. The MapDB backend lives
 * in {@code io.roster.scim.store.mapdb}; a backend is chosen by name through a {@link
 * io.roster.scim.store.StoreProvider}.
 *
 * <h2>The store contract</h2>
 * Every backend of {@link io.roster.scim.store.ResourceStore} keeps these promises. The abstract
 * {@code StoreContractTest} (engine tests) checks each of them; a new backend passes it before anything
 * else runs on it.
 * <ol>
 *   <li><b>Atomic units of work.</b> A {@link io.roster.scim.store.StoreWork} given to {@code write} or
 *       {@code submit} takes effect wholly or not at all. If it throws, every write it made is undone,
 *       nothing of it is ever visible, and the exception reaches the caller unchanged. A unit is run
 *       exactly once.</li>
 *   <li><b>Durable on return.</b> When {@code write} returns (or a {@code submit} future completes
 *       normally) the unit is on disk: a process killed or a machine losing power at any later instant
 *       loses none of it, and the next open recovers it without help. A unit the store cannot make durable
 *       is answered with an exception, never with success; the store then refuses further work until
 *       reopened, and after reopening holds that unit wholly or not at all.</li>
 *   <li><b>Serializable.</b> Units of work behave as if run one at a time, in one total order: each sees
 *       every unit committed before it, its own earlier writes, and nothing of any unit after it. Units
 *       one thread submits run in submission order. The engine relies on this for every
 *       read-check-write inside a unit, without locks or retries of its own: If-Match and version checks,
 *       uniqueness beyond the unique indexes, group nesting without cycles, seat counting (licensing must
 *       never oversell). A backend that runs units concurrently must still produce exactly this outcome
 *       (and, because units run exactly once, may not get there by re-running a unit).</li>
 *   <li><b>Versions.</b> A resource's version (its ETag, RFC 7644 section 3.14) is 1 when it is created
 *       and grows by one with every new version written. The store sets it: the engine and the plugins
 *       write through {@link io.roster.scim.store.StoreWriter#create} (version 1), {@link
 *       io.roster.scim.store.StoreWriter#update} and {@link io.roster.scim.store.StoreWriter#touch} (one
 *       more than the version the store holds, as this unit sees it) and {@link
 *       io.roster.scim.store.StoreWriter#rewrite} (derived attributes, version kept), and none of them
 *       computes a version; serializability makes each read-and-increment a compare-and-set. The store
 *       also checks the rule on every low-level {@code put}: a new resource must have version 1, an
 *       existing one the version stored (as this unit sees it) or one more; anything else (a copy read
 *       before another unit moved it on, a version skipped) fails with {@link
 *       java.lang.IllegalStateException} and the unit is undone.</li>
 *   <li><b>Committed, consistent reads.</b> A {@code read} sees only committed, durable state, and the
 *       same state for the whole call: no unit commits in the middle of it. Inside a unit, reads see the
 *       unit's own writes. Reads must be short: a walk over many
 *       resources reads in chunks, each its own {@code read}, so it may see units committed between
 *       chunks (queries are built this way and say what that means for them).</li>
 *   <li><b>Indexes.</b> Every {@link io.roster.scim.store.IndexDefinition} is maintained by the store on
 *       every {@code put} and {@code delete}, in the same unit. A unique index refuses a second resource
 *       holding an equal value (compared case-insensitively unless {@code caseExact}) with 409
 *       {@code uniqueness}, before anything of the {@code put} is written. Entries are ordered by (value,
 *       id), so equality, prefix and range conditions are range scans, which can be counted.</li>
 *   <li><b>Membership both ways.</b> Group to member entries (with the member's type and display) and
 *       member to group entries are kept together, with a member count per group; neither is ever inside
 *       a record, so a membership change costs the same in a group of ten or a million. Deleting a
 *       resource removes its own member entries and every membership it had in other groups in the same
 *       unit (the groups' versions are the caller's business: see rule 4).</li>
 *   <li><b>Queries.</b> {@link io.roster.scim.store.ResourceStore#prepare} receives a query ({@link
 *       io.roster.scim.store.StoreQuery}: filter AST, resource types, sort) and answers pages by startIndex
 *       or by keyset position ({@link io.roster.scim.store.Paging}) with the count of every match, in a
 *       total order (sort key, then id) in which keyset paging returns each resource that matches
 *       throughout a walk exactly once, however many units commit between its pages. How is the
 *       backend's business: MapDB walks its ordered indexes; an SQL backend can answer a page and its
 *       count with one statement. RFC 9865 cursor tokens stay above the store: only the keyset position
 *       ({@link io.roster.scim.store.Row}) crosses it. A page is read in short reads, so its count and
 *       its rows may straddle a commit, as a client paging through a changing store expects.</li>
 *   <li><b>Closing.</b> {@code close} finishes the units already queued, makes them durable and releases
 *       the data directory; later units fail with 503. Closing twice is harmless.</li>
 *   <li><b>Backups.</b> {@link io.roster.scim.store.ResourceStore#backup} copies the store while it
 *       serves: the copy holds every unit committed up to one instant during the call and none after it,
 *       each wholly, and the backend opens the copy as a data directory holding exactly that. Writers
 *       wait for no more than a checkpoint while it runs. For moving data between backends, every
 *       backend also answers the reads an export needs ({@code ids}, {@code get}, {@code members},
 *       {@code forEachSetting}) and takes an import's {@code load}, which keeps versions and
 *       timestamps as exported.</li>
 * </ol>
 */
package io.roster.scim.store;
