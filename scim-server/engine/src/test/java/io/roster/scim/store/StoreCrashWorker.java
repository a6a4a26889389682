package io.roster.scim.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process the crash test kills: opens a backend and commits units of work from four threads as
 * fast as it can, printing {@code ack <n>} once unit n's write has returned (is acknowledged). Unit n
 * puts User n and Group n, makes the user a member of the group and adds one to the setting
 * {@link #COUNT}: after any crash each unit must be there wholly or not at all, and every acknowledged
 * one must be there.
 *
 * <p>Arguments: provider name, data directory, then backend options as {@code key=value}.
 */
public final class StoreCrashWorker {
    static final String COUNT = "contract.crash.count";
    static final int THREADS = 4;

    private StoreCrashWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        ResourceStore store = StoreProvider.openStore(ContractData.config(args[0], Path.of(args[1]), options));
        System.out.println("open");
        System.out.flush();
        AtomicInteger next = new AtomicInteger();
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = new Thread(() -> {
                while (true) {
                    int n = next.getAndIncrement();
                    store.write(w -> {
                        w.put(ContractData.user(ContractData.id("crash-user", n), "crash-" + n));
                        w.put(ContractData.group(ContractData.id("crash-group", n), "crash-group-" + n));
                        w.addMember(ContractData.id("crash-group", n),
                                new MemberRef(ContractData.id("crash-user", n), "User", "crash-" + n));
                        String count = w.setting(COUNT);
                        w.putSetting(COUNT, Long.toString(count == null ? 1 : Long.parseLong(count) + 1));
                        return null;
                    });
                    synchronized (System.out) {
                        System.out.println("ack " + n);
                        System.out.flush();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(); // never ends: the test kills the process
        }
    }
}
