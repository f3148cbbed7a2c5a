-- Failed expectations of the last N runs ($1).
SELECT strftime(r.started_at, '%Y-%m-%d %H:%M') AS started,
       d.suite || coalesce('.' || d.column_name, '') AS "where", d.expectation,
       d.unexpected_count, d.element_count, d.level
FROM dq_results d
JOIN (SELECT run_id, started_at FROM pipeline_runs ORDER BY started_at DESC LIMIT $1) r USING (run_id)
WHERE NOT d.success
ORDER BY r.started_at DESC, d.suite, d.expectation;
