"""Developer tools stage: benchmarks and the fictional consultation generator."""
