package io.github.betaheaders.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The names of the store's tables under one prefix, and their DDL ({@value #DDL_RESOURCE}, shown in the README):
 * the same for PostgreSQL, MariaDB/MySQL and H2 but for the type of the documents' bytes.
 */
public final class StoreTables {

    /** The DDL, with {@code ${prefix}} and {@code ${binary}} to fill in. */
    public static final String DDL_RESOURCE = "/io/github/betaheaders/store/tables.sql";

    private final String prefix;

    public StoreTables(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public String schedule() {
        return prefix + "schedule";
    }

    public String runs() {
        return prefix + "runs";
    }

    public String documents() {
        return prefix + "documents";
    }

    public String fetchFailures() {
        return prefix + "fetch_failures";
    }

    public String nodes() {
        return prefix + "nodes";
    }

    public String overrides() {
        return prefix + "overrides";
    }

    public String quarantine() {
        return prefix + "quarantine";
    }

    /** Every table, in the order of the DDL. */
    public List<String> all() {
        return List.of(schedule(), runs(), documents(), fetchFailures(), nodes(), overrides(), quarantine());
    }

    /**
     * The type of the document's bytes on a database, by its JDBC product name ({@code DatabaseMetaData}), or
     * {@code null} when the store does not know the database (its tables must then be created by hand).
     */
    public static String binaryType(String databaseProductName) {
        String product = databaseProductName == null ? "" : databaseProductName.toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return "BYTEA";
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return "LONGBLOB";
        }
        if (product.equals("h2")) {
            return "BLOB";
        }
        return null;
    }

    /** The DDL script for {@code prefix}, with {@code binaryType} for the document's bytes. */
    public static String ddl(String prefix, String binaryType) {
        return template().replace("${prefix}", prefix).replace("${binary}", binaryType);
    }

    /** The DDL's statements, without comments or the closing {@code ;}. */
    List<String> statements(String binaryType) {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : ddl(prefix, binaryType).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                statement.append(trimmed, 0, trimmed.length() - 1);
                statements.add(statement.toString());
                statement.setLength(0);
            } else {
                statement.append(trimmed).append(' ');
            }
        }
        return statements;
    }

    private static String template() {
        try (InputStream in = StoreTables.class.getResourceAsStream(DDL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the store's DDL " + DDL_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the store's DDL " + DDL_RESOURCE + " cannot be read", e);
        }
    }
}
