-- Documents held in quarantine, newest first, for the HTML report.
SELECT strftime(quarantined_at, '%Y-%m-%d %H:%M:%S') AS quarantined, source, stage, reason
FROM quarantine
ORDER BY quarantined_at DESC, source;
