package io.roster.scim.http;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Principal;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.accesslog.AccessLogAppender;
import org.glassfish.grizzly.http.server.accesslog.AccessLogFormat;
import org.glassfish.grizzly.http.server.accesslog.AccessLogProbe;
import org.glassfish.grizzly.http.server.accesslog.ApacheLogFormat;

/**
 * The access log: one record per request answered, written to the logger {@value #LOGGER} (so it goes
 * where the application log goes, in its format, and an operator's own logging configuration can route
 * it elsewhere). Off by default. {@code common} is the Apache/NCSA common log format with UTC times;
 * {@code json} is one object per request: time, remote address, caller, method, path, query, status,
 * bytes and duration. Never logged: headers (the bearer token lives in {@code Authorization}) and bodies.
 * The query string is logged as sent: a filter may name a user, as a web server's log would.
 */
public final class AccessLog {
    public static final String LOGGER = "io.roster.scim.access";
    public static final String OFF = "off";
    public static final String COMMON = "common";
    public static final String JSON = "json";

    private static final Logger LOG = Logger.getLogger(LOGGER);

    private AccessLog() {
    }

    /** Adds the access log in {@code format} to a server not started yet; nothing for {@value #OFF}. */
    public static void install(HttpServer server, String format) {
        if (OFF.equals(format)) {
            return;
        }
        AccessLogFormat lines = JSON.equals(format) ? AccessLog::json : ApacheLogFormat.COMMON_UTC;
        server.getServerConfiguration().getMonitoringConfig().getWebServerConfig()
                .addProbes(new AccessLogProbe(new ToLogger(), lines, 0)); // 0: every status, not only errors
    }

    /** Hands each line to the logger; the logging configuration decides where it goes. */
    private static final class ToLogger implements AccessLogAppender {
        @Override
        public void append(String line) {
            LOG.info(line);
        }

        @Override
        public void close() {
            // the logger outlives the server
        }
    }

    /** One request as a JSON object; {@code nanos} is how long it took. */
    static String json(Response response, Date time, long nanos) {
        Request request = response.getRequest();
        var o = JsonSupport.object()
                .add("time", time.toInstant().toString())
                .add("remote", String.valueOf(request.getRemoteAddr()))
                .add("method", String.valueOf(request.getMethod()))
                .add("path", String.valueOf(request.getRequestURI()))
                .add("status", response.getStatus())
                .add("bytes", Math.max(0, response.getContentLengthLong()))
                .add("ms", Double.parseDouble(String.format(Locale.ROOT, "%.3f", nanos / (double) TimeUnit.MILLISECONDS.toNanos(1))));
        if (request.getQueryString() != null) {
            o.add("query", request.getQueryString());
        }
        if (request.getAttribute(Authentication.PRINCIPAL_ATTRIBUTE) instanceof Principal p) {
            o.add("caller", p.name());
        }
        return JsonSupport.toText(o.build());
    }
}
