package io.github.betaheaders.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriverManagerDataSourceTest {

    private static final Duration CONNECT = Duration.ofMillis(2500);
    private static final Duration SOCKET = Duration.ofSeconds(12);

    @Test
    void theDriversOfPostgresqlAndMariadbGetTheTimeoutsInTheirOwnUnits() {
        Properties postgresql = new DriverManagerDataSource("jdbc:postgresql://db.test/x", "u", null, CONNECT, SOCKET)
                .driverTimeouts();
        assertEquals("3", postgresql.getProperty("connectTimeout"));
        assertEquals("3", postgresql.getProperty("loginTimeout"));
        assertEquals("12", postgresql.getProperty("socketTimeout"));
        Properties mariadb = new DriverManagerDataSource("jdbc:mariadb://db.test/x", "u", null, CONNECT, SOCKET)
                .driverTimeouts();
        assertEquals("2500", mariadb.getProperty("connectTimeout"));
        assertEquals("12000", mariadb.getProperty("socketTimeout"));
        assertTrue(new DriverManagerDataSource("jdbc:h2:mem:x", "sa", null, CONNECT, SOCKET).driverTimeouts()
                .isEmpty());
    }

    @Test
    void toStringShowsNoPasswordNeitherGivenNorInTheUrl() {
        String given = new DriverManagerDataSource("jdbc:postgresql://db.test/x", "u", "hunter2", CONNECT, SOCKET)
                .toString();
        assertEquals("DriverManagerDataSource[jdbc:postgresql://db.test/x, user u]", given);
        String inQuery = new DriverManagerDataSource("jdbc:postgresql://db.test/x?user=u&password=hunter2&ssl=true",
                null, null, CONNECT, SOCKET).toString();
        assertEquals("DriverManagerDataSource[jdbc:postgresql://db.test/x?user=u&password=***&ssl=true]", inQuery);
        String inUserInfo = new DriverManagerDataSource("jdbc:mysql://u:hunter2@db.test/x", null, null, CONNECT,
                SOCKET).toString();
        assertEquals("DriverManagerDataSource[jdbc:mysql://***@db.test/x]", inUserInfo);
    }

    @Test
    void aRefusedLoginFailsTheStoreWithAMessageWithoutThePassword() throws SQLException {
        String url = "jdbc:h2:mem:refused_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
        try (Connection owner = DriverManager.getConnection(url, "sa", "right-" + UUID.randomUUID())) {
            String wrong = "wrong-" + UUID.randomUUID();
            JdbcStore store = new JdbcStore(new DriverManagerDataSource(url, "sa", wrong, CONNECT, SOCKET),
                    JdbcStoreOptions.defaults(), Clock.systemUTC());
            StoreException e = assertThrows(StoreException.class, store::current);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertTrue(e.getMessage().startsWith("checking the store's tables in the store's database"
                    + " DriverManagerDataSource[" + url + ", user sa]: SQLSTATE 28000"), e.getMessage());
            assertFalse(trace.toString().contains(wrong), trace.toString());
            owner.createStatement().execute("SHUTDOWN");
        }
    }

    /** A database that takes connections and never says a word: the connect timeout ends the call. */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:%d/test", "jdbc:mariadb://127.0.0.1:%d/test"})
    void aDatabaseThatAcceptsButNeverAnswersFailsTheCallWithinTheConnectTimeout(String url) throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-database");
            acceptor.setDaemon(true);
            acceptor.start();
            Duration connect = Duration.ofSeconds(1);
            JdbcStore store = new JdbcStore(new DriverManagerDataSource(url.formatted(silent.getLocalPort()), "u",
                    "p", connect, Duration.ofSeconds(2)), JdbcStoreOptions.defaults(), Clock.systemUTC());
            long started = System.nanoTime();
            assertThrows(StoreException.class, store::current);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
            assertFalse(held.isEmpty(), "the driver never connected, so nothing was waited for");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
