SELECT *, date_diff('day', published_date, current_date) AS published_days_ago FROM articles;
