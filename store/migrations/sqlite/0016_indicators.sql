-- Indicators: definitions, values, submissions, targets, roll-ups.
SELECT 1;
