package io.roster.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slow request bodies (issue 15): --slow-connections sockets each send a request's headers (declaring
 * a 100,000-byte body) and then one body byte every 5 s, the classic slow-body attack; a connection
 * the server closes is reopened, so that many stay open throughout. The attacker is an ordinary user
 * with its own token ({@code PATCH /Me}, through an API client bound to a new user) when the server
 * has {@code /ApiClients}; otherwise the run's own token ({@code POST /Users}). Meanwhile --clients
 * workers time {@code GET /Users?count=1} with the run's token: on a server that reads bodies on its
 * worker threads they queue behind the slow bodies (or time out after 30 s); on one that does not, they
 * answer as fast as on an idle server. The report is the probes' latency; stderr says how often the
 * server answered a slow body (408 at its deadline, 429 beyond the attacker's concurrency) and closed it.
 */
final class SlowBodyScenario {
    static final long DRIP_MILLIS = 5_000;
    static final int DECLARED_LENGTH = 100_000;

    private final ScimClient client;
    private final Options options;
    private final PrintStream err;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();

    SlowBodyScenario(ScimClient client, Options options, PrintStream err) {
        this.client = client;
        this.options = options;
        this.err = err;
    }

    Report run(GroupScenarios.TimedRun timed) throws RunFailure, InterruptedException {
        URI url = URI.create(options.url());
        int port = url.getPort() > 0 ? url.getPort() : 80;
        String[] attacker = attacker();
        byte[] head = (attacker[0] + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port + "\r\n"
                + (attacker[1] == null ? "" : "Authorization: Bearer " + attacker[1] + "\r\n")
                + "Content-Type: application/scim+json\r\n"
                + "Content-Length: " + DECLARED_LENGTH + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < options.slowConnections(); i++) {
            slots.add(new Slot(url.getHost(), port, head));
        }
        Thread drip = new Thread(() -> drip(slots), "loadgen-slow-bodies");
        drip.setDaemon(true);
        try {
            for (Slot s : slots) {
                s.open();
            }
            err.printf("slow-bodies: %d connections sending a body byte every %d s%n", slots.size(), DRIP_MILLIS / 1000);
            drip.start();
            Thread.sleep(1000); // let the server pick every slow request up before probing
            Report report = timed.run(random -> {
                ScimClient.Response r = client.get("/Users?count=1&attributes=id");
                return r.status() == 200 ? null : "HTTP " + r.status();
            });
            err.printf("slow-bodies: %d slow connections opened in all, %d answered and closed by the server "
                    + "(each reopened)%n", opened.get(), answered.get());
            return report;
        } catch (IOException e) {
            throw new RunFailure("cannot open slow-body connections to " + options.url() + ": " + e);
        } finally {
            drip.interrupt();
            slots.forEach(Slot::close);
        }
    }

    /**
     * The slow requests' line and token: a new user's own token on {@code PATCH /Me} (what issue 15 says
     * any token must not be able to do), or, on a server without API clients, the run's token on
     * {@code POST /Users}.
     */
    private String[] attacker() throws RunFailure, InterruptedException {
        String path = URI.create(options.url()).getRawPath();
        try {
            ScimClient.Response user = client.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":" + Json.quote("loadgen-slow-" + System.nanoTime() + "@loadgen.example") + "}", true);
            String userId = user.status() == 201 ? Json.stringField(user.body(), "id").orElse(null) : null;
            ScimClient.Response created = userId == null ? null : client.send("POST", "/ApiClients",
                    "{\"schemas\":[\"urn:roster:params:scim:schemas:core:2.0:ApiClient\"],\"displayName\":\"loadgen slow bodies\","
                            + "\"userId\":" + Json.quote(userId) + "}", true);
            String secret = created != null && created.status() == 201 ? Json.stringField(created.body(), "secret").orElse(null) : null;
            if (secret != null) {
                err.printf("slow-bodies: the slow bodies come from user %s's own token (PATCH /Me); the probes use the run's token%n",
                        userId);
                return new String[] {"PATCH " + path + "/Me", secret};
            }
        } catch (java.io.IOException e) {
            throw new RunFailure("cannot prepare the slow-body caller at " + options.url() + ": " + e);
        }
        err.println("slow-bodies: no API client bound to a user could be made; the slow bodies use the run's own token");
        return new String[] {"POST " + path + "/Users", options.token()};
    }

    /** One byte per connection every DRIP_MILLIS, spread evenly; a connection the server ended is reopened. */
    private void drip(List<Slot> slots) {
        long gap = Math.max(1, DRIP_MILLIS / Math.max(1, slots.size()));
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (Slot s : slots) {
                    s.dripOrReopen();
                    Thread.sleep(gap);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Slot {
        private final String host;
        private final int port;
        private final byte[] head;
        private Socket socket;
        private int sent;

        Slot(String host, int port, byte[] head) {
            this.host = host;
            this.port = port;
            this.head = head;
        }

        void open() throws IOException {
            close();
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.getOutputStream().write(head);
            socket.getOutputStream().flush();
            sent = 1;
            opened.incrementAndGet();
        }

        void dripOrReopen() {
            try {
                if (socket.getInputStream().available() > 0 || sent >= DECLARED_LENGTH - 1) {
                    answered.incrementAndGet(); // the server answered (408) or the body is nearly done
                    open();
                    return;
                }
                OutputStream out = socket.getOutputStream();
                out.write(' ');
                out.flush();
                sent++;
            } catch (IOException e) {
                answered.incrementAndGet(); // closed by the server
                try {
                    open();
                } catch (IOException again) {
                    err.println("slow-bodies: cannot reopen a connection: " + again.getMessage());
                }
            }
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
