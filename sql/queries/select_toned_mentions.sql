-- Every mention with a tone, with its article's text, its sentence and its offsets, for the
-- throughput bench's timing of the tone model (devtools/throughput/tone.py).
SELECT a.text, m.sentence, m.start_char, m.end_char
FROM mention_tones t
JOIN entity_mentions m USING (mention_id)
JOIN articles a ON a.article_id = t.article_id
WHERE t.tone_label IS NOT NULL;
