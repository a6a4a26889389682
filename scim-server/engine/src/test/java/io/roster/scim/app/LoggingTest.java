package io.roster.scim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LoggingTest {
    @Test
    void jsonFormatWritesOneObjectPerLineForALogPipeline() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Logging.configure(Logging.JSON);
            Logger.getLogger("io.roster.scim.app.LoggingTest").warning("disk \"almost\" full");
        } finally {
            System.setErr(stderr);
            Logging.configure(Logging.PLAIN);
        }
        String line = captured.toString(StandardCharsets.UTF_8).trim();
        assertEquals(1, line.lines().count(), line);
        JsonObject o = JsonSupport.parseTrusted(line);
        assertEquals("WARNING", o.getString("level"));
        assertEquals("io.roster.scim.app.LoggingTest", o.getString("logger"));
        assertEquals("disk \"almost\" full", o.getString("message"));
        assertTrue(o.getString("time").endsWith("Z"), o.getString("time"));
    }

    @Test
    void theFormatIsAnOptionAndABadOneIsExplained() throws Exception {
        assertEquals("plain", ConfigLoader.load(new String[0], Map.of()).logFormat());
        assertEquals("json", ConfigLoader.load(new String[] {"--log-format", "JSON"}, Map.of()).logFormat());
        assertEquals("json", ConfigLoader.load(new String[0], Map.of("ROSTER_LOG_FORMAT", "json")).logFormat());
        var e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(new String[] {"--log-format", "xml"}, Map.of()));
        assertEquals("--log-format must be plain or json, not 'xml'", e.getMessage());
    }
}
