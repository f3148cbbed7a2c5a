-- Warehouses created before quarantine named the failed expectation gain the column.
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS expectation VARCHAR;
