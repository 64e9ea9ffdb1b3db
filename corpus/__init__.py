"""The knowledge the checks stand on: registry, rules, and the synthetic letter generator."""
