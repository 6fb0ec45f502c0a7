-- The tables of the shared store (io.github.betaheaders.store.JdbcStore). Each name starts with the table prefix
-- (default anthropic_beta_headers_). The type of documents.document and overrides.document is BYTEA on PostgreSQL, LONGBLOB on MariaDB/MySQL
-- and BLOB on H2; the rest is the same on all three. Times are milliseconds since 1970-01-01T00:00:00Z.

-- The cluster's reload schedule: one row (id 1), or none when nothing is scheduled.
CREATE TABLE IF NOT EXISTS ${prefix}schedule (
    id INTEGER NOT NULL PRIMARY KEY,
    interval_hours DOUBLE PRECISION NOT NULL,
    scheduled_at_ms BIGINT NOT NULL,
    last_run_ms BIGINT,
    next_run_ms BIGINT NOT NULL
);

-- Runs: a scheduled run (one per due time) or a manual reload request, claimed by one node at a time under a lease.
CREATE TABLE IF NOT EXISTS ${prefix}runs (
    run_key VARCHAR(100) NOT NULL PRIMARY KEY,
    kind VARCHAR(16) NOT NULL,
    due_at_ms BIGINT NOT NULL,
    requested_by VARCHAR(255) NOT NULL,
    claimed_by VARCHAR(255),
    attempt INTEGER NOT NULL,
    lease_until_ms BIGINT,
    completed_at_ms BIGINT
);

-- Published mapping documents; the revision only grows.
CREATE TABLE IF NOT EXISTS ${prefix}documents (
    revision BIGINT NOT NULL PRIMARY KEY,
    sha256 VARCHAR(64) NOT NULL,
    document_source VARCHAR(2000) NOT NULL,
    published_by VARCHAR(255) NOT NULL,
    published_at_ms BIGINT NOT NULL,
    document ${binary} NOT NULL
);

-- The last failed fetch of each node (a failed fetch publishes nothing).
CREATE TABLE IF NOT EXISTS ${prefix}fetch_failures (
    node_name VARCHAR(255) NOT NULL PRIMARY KEY,
    message VARCHAR(2000) NOT NULL,
    failed_at_ms BIGINT NOT NULL
);

-- The nodes: what each serves and when it was last seen.
CREATE TABLE IF NOT EXISTS ${prefix}nodes (
    node_name VARCHAR(255) NOT NULL PRIMARY KEY,
    active_sha256 VARCHAR(64),
    active_revision BIGINT,
    last_seen_ms BIGINT NOT NULL,
    last_error VARCHAR(2000)
);

-- The overrides laid over the table, as a whole document per revision (the newest is in force; {} is none); the
-- revision only grows.
CREATE TABLE IF NOT EXISTS ${prefix}overrides (
    revision BIGINT NOT NULL PRIMARY KEY,
    sha256 VARCHAR(64) NOT NULL,
    published_by VARCHAR(255) NOT NULL,
    published_at_ms BIGINT NOT NULL,
    document ${binary} NOT NULL
);

-- Quarantined betas (learnFromRejections): one row per provider, model and beta, keyed by their SHA-256; a row is in
-- force until expires_ms, on every node.
CREATE TABLE IF NOT EXISTS ${prefix}quarantine (
    entry_key VARCHAR(64) NOT NULL PRIMARY KEY,
    provider VARCHAR(255) NOT NULL,
    model VARCHAR(2000),
    beta VARCHAR(255) NOT NULL,
    reason VARCHAR(16) NOT NULL,
    evidence VARCHAR(2000),
    since_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);
