-- purpose: the town's time zone (dates follow it, not UTC) and the solver pool size, as editable settings
INSERT INTO setting (key, value, description) VALUES
  ('town.timeZone', '"Asia/Shanghai"', 'IANA time zone of the town: "today" and "this year" follow it'),
  ('solver.poolSize', 'null', 'Solver worker threads (null = CPU cores − 1, at least 1); a change applies to workers started after it')
ON CONFLICT (key) DO NOTHING;
