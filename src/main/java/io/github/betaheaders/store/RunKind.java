package io.github.betaheaders.store;

/** What a run is for: a due run of the cluster's schedule, or a reload that someone asked for on some node. */
public enum RunKind {
    SCHEDULED("scheduled"),
    MANUAL("manual");

    private final String column;

    RunKind(String column) {
        this.column = column;
    }

    /** The value of the {@code kind} column. */
    String column() {
        return column;
    }

    static RunKind ofColumn(String value) {
        for (RunKind kind : values()) {
            if (kind.column.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown run kind [" + value + "]");
    }
}
