"""The `jiuye` command: the one place that ties the extractor (`extract`), the dashboard (`app`) and the
benchmarks (`bench`) together, so that none of them imports another upwards. See `jiuye.cli`."""
