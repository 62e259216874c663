"""Demo data: a believable plant built through the services, and large sets for benchmarks."""
