-- The last N runs ($1) with their data-quality outcome.
SELECT strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started, status, documents_seen AS seen, documents_new AS new,
       quarantined, articles, mentions, expectations,
       expectations_failed AS failed, message
FROM v_run_summary
ORDER BY started_at DESC
LIMIT $1;
