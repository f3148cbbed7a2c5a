INSERT INTO quotations SELECT * FROM staged_quotations;
