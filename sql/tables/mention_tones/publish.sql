INSERT INTO mention_tones SELECT * FROM staged_mention_tones;
