//! Helpers for the `heard migrate` tests: what PostgreSQL's log tables hold.

/// Everything the log's tables hold, in a fixed order, to compare before and after.
pub async fn tables(client: &tokio_postgres::Client) -> Vec<String> {
    let mut out = Vec::new();
    for q in [
        "SELECT size::text || ' ' || encode(last_hash, 'hex') || ' ' || last_time::text || ' ' || integrated::text \
         FROM heard_head",
        "SELECT seq::text || ' ' || encode(statement_hash, 'hex') || ' ' || encode(entry_hash, 'hex') || ' ' || \
         encode(entry, 'hex') FROM heard_entries ORDER BY seq",
        "SELECT level::text || ' ' || idx::text || ' ' || encode(hash, 'hex') FROM heard_nodes ORDER BY level, idx",
        "SELECT size::text || ' ' || encode(root, 'hex') || ' ' || note FROM heard_checkpoints ORDER BY size",
    ] {
        for row in client.query(q, &[]).await.expect("read a table") {
            out.push(row.get(0));
        }
    }
    out
}

/// Whether the database has the log's tables at all.
pub async fn has_tables(client: &tokio_postgres::Client) -> bool {
    client.query_one("SELECT to_regclass('heard_head') IS NOT NULL", &[]).await.expect("a catalogue query").get(0)
}
