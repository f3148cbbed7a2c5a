-- Content hashes in quarantine: `newsflow run --retry-quarantined` processes them again.
SELECT DISTINCT doc_id FROM quarantine WHERE doc_id <> '';
