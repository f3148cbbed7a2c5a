INSERT INTO dq_results BY NAME SELECT * FROM batch_dq_results;
