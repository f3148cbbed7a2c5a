-- Inputs currently in quarantine, newest first.
SELECT strftime(quarantined_at, '%Y-%m-%d %H:%M') AS "when", source, stage,
       coalesce(expectation, '') AS expectation, reason
FROM quarantine ORDER BY quarantined_at DESC, source;
