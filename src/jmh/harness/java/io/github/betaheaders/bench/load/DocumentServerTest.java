package io.github.betaheaders.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DocumentServerTest {

    @Test
    void servesItsDocumentsInTurnAndSurvivesAClientThatSendsNoWholeHead() throws Exception {
        try (DocumentServer server = new DocumentServer().start()) {
            server.serve("{\"a\":{}}", "{\"b\":{}}");
            assertEquals("{\"a\":{}}", get(server));
            try (Socket half = new Socket(server.url().getHost(), server.url().getPort())) {
                OutputStream out = half.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                half.shutdownOutput();
                assertEquals(-1, half.getInputStream().read(), "answered a head that never ended");
            }
            assertEquals("{\"b\":{}}", get(server));
            assertEquals("{\"a\":{}}", get(server));
            assertEquals(3, server.served());
            server.serve("{\"c\":{}}");
            assertEquals("{\"c\":{}}", get(server));
        }
    }

    private static String get(DocumentServer server) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) server.url().toURL().openConnection();
        try {
            assertEquals(200, connection.getResponseCode());
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }
}
