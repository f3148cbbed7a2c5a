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

COMMENT ON VIEW v_held_batches IS 'Batches validation held, why, and every document each quarantined (one row a document).';
COMMENT ON COLUMN v_held_batches.run_id IS 'The run whose batch was held (pipeline_runs.run_id).';
COMMENT ON COLUMN v_held_batches.started_at IS 'When it started.';
COMMENT ON COLUMN v_held_batches.held_because IS 'The run''s message: the failed expectations, or the circuit breaker''s rule ("circuit breaker: 4 of 12 documents quarantined = 33.3 % > 20 %").';
COMMENT ON COLUMN v_held_batches.quarantined IS 'Documents the run quarantined, at every stage (the circuit breaker''s count).';
COMMENT ON COLUMN v_held_batches.judged IS 'Documents the run judged: those that reached cleaning and those quarantined before it.';
COMMENT ON COLUMN v_held_batches.source IS 'Path or URL of a document the run quarantined.';
COMMENT ON COLUMN v_held_batches.doc_id IS 'Its content hash (raw_documents.doc_id); '''' when nothing could be read.';
COMMENT ON COLUMN v_held_batches.stage IS 'Where it stopped: discover, fetch, ingest, decode, clean, timeout (over the time budget per document), ner, quotations, tables, tone, resolve, stage or validate.';
COMMENT ON COLUMN v_held_batches.expectation IS 'The expectation it failed (stage validate); NULL at other stages.';
COMMENT ON COLUMN v_held_batches.reason IS 'Why, in words.';
