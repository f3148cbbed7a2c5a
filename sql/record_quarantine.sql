-- One row per (source, content): quarantining the same input again updates it, never duplicates.
INSERT OR REPLACE INTO quarantine SELECT * FROM batch_quarantine;
