-- The last N runs ($1) with their data-quality outcome.
SELECT strftime(started_at, '%m-%d %H:%M') AS started, status, documents_seen AS seen,
       documents_new AS new, quarantined, articles,
       expectations_failed || '/' || expectations AS "failed/checked"
FROM v_run_summary
ORDER BY started_at DESC
LIMIT $1;
