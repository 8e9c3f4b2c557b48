"""Benchmarks of the generated SDK against xsdata, zeep, xmlschema and bare lxml.

Run ``python -m bench`` (see docs/performance.md). Benchmarks are not tests.
"""
