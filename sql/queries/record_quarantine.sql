-- One row per (source, content): quarantining the same input again updates it, never duplicates.
INSERT OR REPLACE INTO quarantine BY NAME SELECT * FROM batch_quarantine;
