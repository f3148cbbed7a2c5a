-- Quarantined inputs per stage and kind of reason (the reason's text before its details).
SELECT stage, trim(regexp_replace(reason, '\s*[:(].*$', '')) AS reason, count(*) AS inputs
FROM quarantine
GROUP BY ALL
ORDER BY inputs DESC, stage, reason;
