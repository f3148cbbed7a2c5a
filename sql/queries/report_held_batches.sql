-- Documents of the batches held among the last N runs ($1), newest run first: why each batch
-- was held, then its documents.
SELECT strftime(h.started_at, '%Y-%m-%d %H:%M') AS started, h.held_because, h.source, h.stage,
       coalesce(h.expectation, '') AS expectation, h.reason
FROM v_held_batches h
JOIN (SELECT run_id FROM pipeline_runs ORDER BY started_at DESC LIMIT $1) r USING (run_id)
ORDER BY h.started_at DESC, h.source;
