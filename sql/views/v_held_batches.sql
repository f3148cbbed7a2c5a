-- Batches the audit held (runs ended failed_validation), each with why (the run's message: the
-- failed expectations or the circuit breaker's arithmetic, "4 of 12 documents quarantined =
-- 33.3 % > 20 %"), the breaker's counts, and every document the run quarantined.
CREATE OR REPLACE VIEW v_held_batches AS
SELECT r.run_id, r.started_at, r.message AS held_because,
       b.unexpected_count AS quarantined, b.element_count AS judged,
       q.source, q.doc_id, q.stage, q.expectation, q.reason
FROM pipeline_runs r
JOIN quarantine q USING (run_id)
LEFT JOIN dq_results b ON b.run_id = r.run_id AND b.expectation = 'quarantined_share_at_most'
WHERE r.status = 'failed_validation'
ORDER BY r.started_at DESC, q.source;
