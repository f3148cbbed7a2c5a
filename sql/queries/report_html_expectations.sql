-- Every expectation evaluated by the latest run that validated a batch, table (suite) by table.
SELECT d.suite, d.expectation, d.column_name, d.success, d.unexpected_count, d.element_count,
       d.level, d.run_id, strftime(d.validated_at, '%Y-%m-%d %H:%M:%S') AS validated
FROM dq_results d
WHERE d.run_id = (SELECT run_id FROM dq_results ORDER BY validated_at DESC LIMIT 1)
ORDER BY d.suite, d.success, d.expectation, d.column_name NULLS FIRST;
