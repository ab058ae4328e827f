"""One theme compared: across the sessions and the consultation, each named with its date
(sessions), and by respondent group, with the small and under-heard groups marked (breakdown).
Reads the prepared contributions frame (views.frame), kernpunten (store) and decisions (tracker);
texts and thresholds in data/compare.toml."""
