"""Benchmarks of the register: server time per page, CSV export memory, throughput (see README.md)."""
