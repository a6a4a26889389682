package io.roster.scim.app;

import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar roster.jar [options]}: see {@link ConfigLoader#usage()}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        if (args.length > 0 && Tools.COMMANDS.contains(args[0])) {
            System.exit(new Tools(System.out, System.err, System.getenv()).run(args));
            return;
        }
        Logger log = Logger.getLogger(Main.class.getName());
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(ConfigLoader.usage());
                return;
            }
            if (a.equals("--version")) {
                System.out.println("Roster " + version());
                return;
            }
        }
        Config config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (ConfigLoader.ConfigException e) {
            System.err.println("roster: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logging.configure(config.logFormat());
        long started = System.nanoTime();
        RosterServer server;
        try {
            server = RosterServer.start(config);
        } catch (IllegalStateException e) {
            System.err.println("roster: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logging.duringShutdown(Main.class, "stopping (signal received): finishing requests and closing the store");
            server.close();
            Logging.duringShutdown(Main.class, "store: " + server.describeWriter());
            Logging.duringShutdown(Main.class, "stopped cleanly");
        }, "roster-shutdown"));

        server.generatedToken().ifPresent(token -> System.out.println("\n"
                + "  No ROSTER_ADMIN_TOKEN was set, so an administrator token was generated.\n"
                + "  It is shown only this once (only its hash is stored). Keep it:\n\n"
                + "    " + token + "\n\n"
                + "  To choose your own instead, start with ROSTER_ADMIN_TOKEN=<token>.\n"));
        log.info(String.format("Roster %s listening on %s (bound to %s:%d)", version(), server.scimRoot(), config.host(), server.port()));
        if (server.adminPort() >= 0) {
            log.info(String.format("admin port %d serves /health, /metrics and /backups", server.adminPort()));
        }
        log.info(String.format("data: %s (%s, %.1f MB on disk; store opened: %s)", config.dataDir().toAbsolutePath().normalize(),
                server.describeCounts(), server.storeSizeBytes() / 1e6, server.storeRecovery()));
        log.log(Level.INFO, String.format("started in %d ms", (System.nanoTime() - started) / 1_000_000));
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
