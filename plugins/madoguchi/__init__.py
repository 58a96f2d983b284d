"""Madoguchi (窓口): FAQ and customer-consultation sites that make staleness impossible to ignore."""

__version__ = "0.1.0"
